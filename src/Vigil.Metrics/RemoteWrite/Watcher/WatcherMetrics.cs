using Prometheus;

namespace Vigil.Metrics.RemoteWrite.Watcher;

/// <summary>
/// The WAL watcher's self-metrics with Prometheus' names (tsdb/wlog/watcher.go, NewWatcherMetrics), labelled by
/// <c>consumer</c> (the queue name). <see cref="Dispose"/> removes this consumer's label sets.
/// </summary>
internal sealed class WatcherMetrics : IDisposable
{
    private const string Prefix = "prometheus_wal_watcher_";
    private readonly Counter _recordsRead;
    private readonly Dictionary<RecordKind, Counter.Child> _byKind = [];

    public WatcherMetrics(IMetricFactory factory, string consumer)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _recordsRead = factory.CreateCounter(Prefix + "records_read_total", "Number of records read by the WAL watcher from the WAL.", ["consumer", "type"]);
        foreach (var kind in Enum.GetValues<RecordKind>())
        {
            _byKind[kind] = _recordsRead.WithLabels(consumer, Name(kind));
        }

        DecodeFailures = factory.CreateCounter(Prefix + "record_decode_failures_total", "Number of records read by the WAL watcher that resulted in an error when decoding.", ["consumer"]).WithLabels(consumer);
        CurrentSegment = factory.CreateGauge(Prefix + "current_segment", "Current segment the WAL watcher is reading records from.", ["consumer"]).WithLabels(consumer);
    }

    internal enum RecordKind
    {
        Series,
        Samples,
        Exemplars,
        HistogramSamples,
        FloatHistogramSamples,
        Tombstones,
        Metadata,
        Unknown,
    }

    public Counter.Child DecodeFailures { get; }

    public Gauge.Child CurrentSegment { get; }

    public void RecordRead(RecordKind kind) => _byKind[kind].Inc();

    public void Dispose()
    {
        foreach (var child in _byKind.Values)
        {
            child.Dispose();
        }

        DecodeFailures.Dispose();
        CurrentSegment.Dispose();
    }

    // The type label values Prometheus uses (record.Type.String()).
    private static string Name(RecordKind kind) => kind switch
    {
        RecordKind.Series => "series",
        RecordKind.Samples => "samples",
        RecordKind.Exemplars => "exemplars",
        RecordKind.HistogramSamples => "histogram_samples",
        RecordKind.FloatHistogramSamples => "float_histogram_samples",
        RecordKind.Tombstones => "tombstones",
        RecordKind.Metadata => "metadata",
        _ => "unknown",
    };
}
