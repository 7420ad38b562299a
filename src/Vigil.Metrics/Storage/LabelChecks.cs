using Vigil.Common.Model;

namespace Vigil.Metrics.Storage;

/// <summary>Label-set checks the agent storage applies before creating a series or storing an exemplar.</summary>
internal static class LabelChecks
{
    /// <summary>Prometheus exemplar.ExemplarMaxLabelSetLength: runes of all names and values together.</summary>
    public const int ExemplarMaxLabelSetLength = 128;

    /// <summary>The set without labels whose value is empty (Labels.WithoutEmpty); the same instance when none is empty.</summary>
    public static Labels WithoutEmpty(Labels labels)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i].Value.Length == 0)
            {
                return Labels.FromUnsorted(labels.Where(l => l.Value.Length > 0));
            }
        }

        return labels;
    }

    /// <summary>The first label name that occurs twice, or null.</summary>
    public static string? DuplicateName(Labels labels)
    {
        for (var i = 1; i < labels.Count; i++)
        {
            if (labels[i].Name == labels[i - 1].Name)
            {
                return labels[i].Name;
            }
        }

        return null;
    }

    public static int RuneLength(Labels labels)
    {
        var n = 0;
        foreach (var l in labels)
        {
            n += l.Name.EnumerateRunes().Count() + l.Value.EnumerateRunes().Count();
        }

        return n;
    }
}
