using Vigil.Common.Model;

namespace Vigil.Metrics.Storage;

/// <summary>An exemplar as appended: labels (trace id and the like), value, and timestamp when it has one.</summary>
internal sealed record Exemplar(Labels Labels, double Value, long Ts, bool HasTs = true)
{
    /// <summary>Prometheus exemplar.Equals: same labels and value, and the same timestamp when either has one.</summary>
    public bool SameAs(Exemplar other)
    {
        if (!Labels.Equals(other.Labels))
        {
            return false;
        }

        if ((HasTs || other.HasTs) && Ts != other.Ts)
        {
            return false;
        }

        return Value.Equals(other.Value);
    }
}
