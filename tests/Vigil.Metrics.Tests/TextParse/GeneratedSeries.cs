using Vigil.Common.Model;

namespace Vigil.Metrics.Tests.TextParse;

/// <summary>One generated sample for the round-trip properties.</summary>
public sealed record GeneratedSeries(string Name, Label[] Labels, bool EmptyBraces, double Value, long? TimestampMs)
{
    public override string ToString() => $"{Name}{{{string.Join(",", Labels.Select(l => l.ToString()))}}} {Value} {TimestampMs}";
}
