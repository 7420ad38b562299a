namespace Vigil.Metrics.Relabel;

/// <summary>What a replace rule does to one value: set <see cref="Target"/> to <see cref="Value"/> (empty value deletes).</summary>
internal readonly record struct ReplaceOutcome(string? Target, string Value)
{
    /// <summary>No match, or the expanded target is not a valid label name: nothing changes.</summary>
    public static ReplaceOutcome None { get; } = new(null, string.Empty);
}
