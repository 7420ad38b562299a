using Vigil.Metrics.RemoteWrite.Prompb;

namespace Vigil.Metrics.RemoteWrite.Queue;

/// <summary>
/// One item waiting in a shard. <see cref="Labels"/> are the series' final labels, already protobuf-encoded and shared by
/// every entry of the series, so enqueueing a sample copies a reference and three numbers.
/// <see cref="Sequence"/> is the queue-wide enqueue order used for the acknowledged watermark.
/// </summary>
internal struct PendingEntry
{
    public PendingKind Kind;
    public byte[] Labels;
    public long Sequence;
    public long Timestamp;
    public double Value;
    public Vigil.Common.Model.Label[]? ExemplarLabels;
    public NativeHistogram? Histogram;
}
