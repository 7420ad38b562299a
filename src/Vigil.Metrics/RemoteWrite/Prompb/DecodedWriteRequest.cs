namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>
/// A decoded WriteRequest held in flat, reusable arrays. Strings are <see cref="ByteRange"/>s of the body passed to
/// <see cref="PrompbDecoder.TryDecode"/>: the body must outlive any use of them. Reuse one instance per receiver worker.
/// </summary>
internal sealed class DecodedWriteRequest
{
    public GrowableArray<DecodedTimeSeries> Series { get; } = new();

    public GrowableArray<LabelRef> Labels { get; } = new();

    public GrowableArray<Sample> Samples { get; } = new();

    public GrowableArray<DecodedExemplar> Exemplars { get; } = new();

    public GrowableArray<LabelRef> ExemplarLabels { get; } = new();

    public GrowableArray<DecodedHistogram> Histograms { get; } = new();

    public GrowableArray<BucketSpan> NegativeSpans { get; } = new();

    public GrowableArray<long> NegativeDeltas { get; } = new();

    public GrowableArray<double> NegativeCounts { get; } = new();

    public GrowableArray<BucketSpan> PositiveSpans { get; } = new();

    public GrowableArray<long> PositiveDeltas { get; } = new();

    public GrowableArray<double> PositiveCounts { get; } = new();

    public GrowableArray<DecodedMetadata> Metadata { get; } = new();

    public void Clear()
    {
        Series.Clear();
        Labels.Clear();
        Samples.Clear();
        Exemplars.Clear();
        ExemplarLabels.Clear();
        Histograms.Clear();
        NegativeSpans.Clear();
        NegativeDeltas.Clear();
        NegativeCounts.Clear();
        PositiveSpans.Clear();
        PositiveDeltas.Clear();
        PositiveCounts.Clear();
        Metadata.Clear();
    }
}
