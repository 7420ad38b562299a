using Prometheus;

namespace Vigil.Metrics.RemoteWrite;

/// <summary>
/// The self-metrics of one remote_write queue, with Prometheus' names and its <c>remote_name</c> and <c>url</c> labels
/// (storage/remote/queue_manager.go, newQueueManagerMetrics) so that existing dashboards work. Built from an injected
/// factory, never the static registry; <see cref="Dispose"/> removes this queue's label sets so a reload or a test can
/// create the queue again.
/// </summary>
internal sealed class QueueManagerMetrics : IDisposable
{
    private const string Prefix = "prometheus_remote_storage_";
    private static readonly string[] QueueLabels = ["remote_name", "url"];
    private static readonly string[] DroppedLabels = ["remote_name", "url", "reason"];

    private readonly List<IDisposable> _children = [];
    private readonly Counter _samplesDropped;
    private readonly Counter _exemplarsDropped;
    private readonly Counter _histogramsDropped;
    private readonly string[] _values;

    public QueueManagerMetrics(IMetricFactory factory, string remoteName, string url)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _values = [remoteName, url];

        SamplesTotal = Counter(factory, "samples_total", "Total number of samples sent to remote storage.");
        ExemplarsTotal = Counter(factory, "exemplars_total", "Total number of exemplars sent to remote storage.");
        HistogramsTotal = Counter(factory, "histograms_total", "Total number of histograms sent to remote storage.");
        MetadataTotal = Counter(factory, "metadata_total", "Total number of metadata entries sent to remote storage.");
        SamplesFailed = Counter(factory, "samples_failed_total", "Total number of samples which failed on send to remote storage, non-recoverable errors.");
        ExemplarsFailed = Counter(factory, "exemplars_failed_total", "Total number of exemplars which failed on send to remote storage, non-recoverable errors.");
        HistogramsFailed = Counter(factory, "histograms_failed_total", "Total number of histograms which failed on send to remote storage, non-recoverable errors.");
        MetadataFailed = Counter(factory, "metadata_failed_total", "Total number of metadata entries which failed on send to remote storage, non-recoverable errors.");
        SamplesRetried = Counter(factory, "samples_retried_total", "Total number of samples which failed on send to remote storage but were retried because the send error was recoverable.");
        ExemplarsRetried = Counter(factory, "exemplars_retried_total", "Total number of exemplars which failed on send to remote storage but were retried because the send error was recoverable.");
        HistogramsRetried = Counter(factory, "histograms_retried_total", "Total number of histograms which failed on send to remote storage but were retried because the send error was recoverable.");
        MetadataRetried = Counter(factory, "metadata_retried_total", "Total number of metadata entries which failed on send to remote storage but were retried because the send error was recoverable.");

        _samplesDropped = factory.CreateCounter(Prefix + "samples_dropped_total", "Total number of samples which were dropped after being read from the WAL before being sent via remote write, either via relabelling, due to being too old or unintentionally because of an unknown reference ID.", DroppedLabels);
        _exemplarsDropped = factory.CreateCounter(Prefix + "exemplars_dropped_total", "Total number of exemplars which were dropped after being read from the WAL before being sent via remote write, either via relabelling, due to being too old or unintentionally because of an unknown reference ID.", DroppedLabels);
        _histogramsDropped = factory.CreateCounter(Prefix + "histograms_dropped_total", "Total number of histograms which were dropped after being read from the WAL before being sent via remote write, either via relabelling, due to being too old or unintentionally because of an unknown reference ID.", DroppedLabels);

        SamplesPending = Gauge(factory, "samples_pending", "The number of samples pending in the queues shards to be sent to the remote storage.");
        ExemplarsPending = Gauge(factory, "exemplars_pending", "The number of exemplars pending in the queues shards to be sent to the remote storage.");
        HistogramsPending = Gauge(factory, "histograms_pending", "The number of histograms pending in the queues shards to be sent to the remote storage.");
        EnqueueRetries = Counter(factory, "enqueue_retries_total", "Total number of times enqueue has failed because a shards queue was full.");

        var duration = factory.CreateHistogram(
            Prefix + "sent_batch_duration_seconds",
            "Duration of send calls to the remote storage.",
            QueueLabels,
            new HistogramConfiguration { Buckets = [.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 25, 60, 120, 300] });
        SentBatchDuration = Track(duration.WithLabels(_values));

        HighestSentTimestamp = Gauge(factory, "queue_highest_sent_timestamp_seconds", "Timestamp from a WAL sample, the highest timestamp successfully sent by this queue, in seconds since epoch.");
        Shards = Gauge(factory, "shards", "The number of shards used for parallel sending to the remote storage.");
        ShardsDesired = Gauge(factory, "shards_desired", "The number of shards that the queues shard calculation wants to run based on the rate of samples in vs. samples out.");
        ShardsMin = Gauge(factory, "shards_min", "The minimum number of shards that the queue is allowed to run.");
        ShardsMax = Gauge(factory, "shards_max", "The maximum number of shards that the queue is allowed to run.");
        ShardCapacity = Gauge(factory, "shard_capacity", "The capacity of each shard of the queue used for parallel sending to the remote storage.");
        MaxSamplesPerSend = Gauge(factory, "max_samples_per_send", "The maximum number of samples to be sent, in a single request, to the remote storage. Note that, when sending of exemplars over remote write is enabled, exemplars count towards this limt.");
        BytesTotal = Counter(factory, "bytes_total", "The total number of bytes of data (not metadata) sent by the queue after compression. Note that when exemplars over remote write is enabled the exemplars included in a remote write request count towards this metric.");
        MetadataBytesTotal = Counter(factory, "metadata_bytes_total", "The total number of bytes of metadata sent by the queue after compression.");

        // Not labelled in Prometheus: the highest timestamp that came in through any queue. Each queue raises it only.
        HighestTimestampIn = factory.CreateGauge(Prefix + "highest_timestamp_in_seconds", "Highest timestamp that has come into the remote storage via the Appender interface, in seconds since epoch.");
    }

    public Counter.Child SamplesTotal { get; }

    public Counter.Child ExemplarsTotal { get; }

    public Counter.Child HistogramsTotal { get; }

    public Counter.Child MetadataTotal { get; }

    public Counter.Child SamplesFailed { get; }

    public Counter.Child ExemplarsFailed { get; }

    public Counter.Child HistogramsFailed { get; }

    public Counter.Child MetadataFailed { get; }

    public Counter.Child SamplesRetried { get; }

    public Counter.Child ExemplarsRetried { get; }

    public Counter.Child HistogramsRetried { get; }

    public Counter.Child MetadataRetried { get; }

    public Gauge.Child SamplesPending { get; }

    public Gauge.Child ExemplarsPending { get; }

    public Gauge.Child HistogramsPending { get; }

    public Counter.Child EnqueueRetries { get; }

    public Histogram.Child SentBatchDuration { get; }

    public Gauge.Child HighestSentTimestamp { get; }

    public Gauge.Child Shards { get; }

    public Gauge.Child ShardsDesired { get; }

    public Gauge.Child ShardsMin { get; }

    public Gauge.Child ShardsMax { get; }

    public Gauge.Child ShardCapacity { get; }

    public Gauge.Child MaxSamplesPerSend { get; }

    public Counter.Child BytesTotal { get; }

    public Counter.Child MetadataBytesTotal { get; }

    public Gauge HighestTimestampIn { get; }

    public Counter.Child SamplesDropped(string reason) => Dropped(_samplesDropped, reason);

    public Counter.Child ExemplarsDropped(string reason) => Dropped(_exemplarsDropped, reason);

    public Counter.Child HistogramsDropped(string reason) => Dropped(_histogramsDropped, reason);

    public void Dispose()
    {
        lock (_children)
        {
            foreach (var child in _children)
            {
                child.Dispose();
            }

            _children.Clear();
        }
    }

    private Counter.Child Dropped(Counter counter, string reason)
    {
        var child = counter.WithLabels(_values[0], _values[1], reason);
        lock (_children)
        {
            if (!_children.Contains(child))
            {
                _children.Add(child);
            }
        }

        return child;
    }

    private Counter.Child Counter(IMetricFactory factory, string name, string help) =>
        Track(factory.CreateCounter(Prefix + name, help, QueueLabels).WithLabels(_values));

    private Gauge.Child Gauge(IMetricFactory factory, string name, string help) =>
        Track(factory.CreateGauge(Prefix + name, help, QueueLabels).WithLabels(_values));

    private T Track<T>(T child)
        where T : IDisposable
    {
        lock (_children)
        {
            _children.Add(child);
        }

        return child;
    }
}
