namespace Vigil.Wal.Records;

/// <summary>An integer native histogram; bucket counts are deltas to the previous bucket, as Prometheus stores them.</summary>
public sealed class Histogram
{
    public CounterResetHint CounterResetHint { get; set; }

    public int Schema { get; set; }

    public double ZeroThreshold { get; set; }

    public ulong ZeroCount { get; set; }

    public ulong Count { get; set; }

    public double Sum { get; set; }

    public IList<HistogramSpan> PositiveSpans { get; init; } = [];

    public IList<HistogramSpan> NegativeSpans { get; init; } = [];

    public IList<long> PositiveBuckets { get; init; } = [];

    public IList<long> NegativeBuckets { get; init; } = [];
}
