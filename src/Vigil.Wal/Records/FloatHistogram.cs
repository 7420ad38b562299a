namespace Vigil.Wal.Records;

/// <summary>A float native histogram; bucket values are absolute.</summary>
public sealed class FloatHistogram
{
    public CounterResetHint CounterResetHint { get; set; }

    public int Schema { get; set; }

    public double ZeroThreshold { get; set; }

    public double ZeroCount { get; set; }

    public double Count { get; set; }

    public double Sum { get; set; }

    public IList<HistogramSpan> PositiveSpans { get; init; } = [];

    public IList<HistogramSpan> NegativeSpans { get; init; } = [];

    public IList<double> PositiveBuckets { get; init; } = [];

    public IList<double> NegativeBuckets { get; init; } = [];
}
