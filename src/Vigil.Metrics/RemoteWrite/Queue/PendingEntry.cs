using Vigil.Metrics.RemoteWrite.Prompb;

namespace Vigil.Metrics.RemoteWrite.Queue;

/// <summary>
/// One item waiting in a shard. <see cref="Labels"/> are the series' labels, shared by every entry of the series (and,
/// without write_relabel_configs, with the storage: see <see cref="QueueSeries"/>), so enqueueing a sample copies a
/// reference and a few numbers; <see cref="LabelsSize"/> is their encoded size with the queue's external labels.
/// <see cref="Sequence"/> is the queue-wide enqueue order used for the acknowledged watermark.
/// </summary>
internal struct PendingEntry
{
    public PendingKind Kind;
    public int LabelsSize;
    public Vigil.Common.Model.Labels Labels;
    public long Sequence;
    public long Timestamp;
    public double Value;
    public Vigil.Common.Model.Label[]? ExemplarLabels;
    public NativeHistogram? Histogram;
}
