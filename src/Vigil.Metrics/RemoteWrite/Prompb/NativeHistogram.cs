namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>
/// prompb <c>Histogram</c> (a native histogram sample). Integer histograms set <see cref="CountCase"/> and
/// <see cref="ZeroCountCase"/> to <see cref="OneofCase.Int"/> and fill the deltas; float histograms use the float members
/// and the counts. The arrays belong to this object and must not change once it is handed to a queue.
/// </summary>
internal sealed class NativeHistogram
{
    public OneofCase CountCase { get; set; }

    public ulong CountInt { get; set; }

    public double CountFloat { get; set; }

    public double Sum { get; set; }

    public int Schema { get; set; }

    public double ZeroThreshold { get; set; }

    public OneofCase ZeroCountCase { get; set; }

    public ulong ZeroCountInt { get; set; }

    public double ZeroCountFloat { get; set; }

    public BucketSpan[] NegativeSpans { get; set; } = [];

    public long[] NegativeDeltas { get; set; } = [];

    public double[] NegativeCounts { get; set; } = [];

    public BucketSpan[] PositiveSpans { get; set; } = [];

    public long[] PositiveDeltas { get; set; } = [];

    public double[] PositiveCounts { get; set; } = [];

    public HistogramResetHint ResetHint { get; set; }

    public long Timestamp { get; set; }
}
