using Vigil.Common.Model;
using Vigil.Metrics.Relabel;

namespace Vigil.Metrics.RemoteWrite;

/// <summary>A remote_write's <c>write_relabel_configs</c>, compiled once and applied by the relabel engine.</summary>
internal sealed class WriteRelabeler : IWriteRelabeler
{
    private readonly RelabelRule[] _rules;

    public WriteRelabeler(IEnumerable<RelabelConfig> configs)
    {
        _rules = [.. configs.Select(RelabelRule.Compile)];
    }

    /// <summary>Null when there are no rules: the queue then skips relabelling altogether.</summary>
    public static WriteRelabeler? For(IReadOnlyList<RelabelConfig?>? configs) =>
        configs is null || configs.Count == 0 ? null : new WriteRelabeler(configs.Where(c => c is not null)!);

    public bool TryRelabel(Labels labels, out Labels result)
    {
        var relabeled = Relabeler.Process(labels, _rules);
        result = relabeled ?? Labels.Empty;
        return relabeled is not null && relabeled.Count > 0;
    }
}
