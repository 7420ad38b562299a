using Prometheus;

namespace Vigil.Wal;

/// <summary>
/// Self-metrics of one write-ahead log, with the names Prometheus' wlog registers (so dashboards carry over).
/// Built from an injected factory per log instance; never static.
/// </summary>
public sealed class WalMetrics
{
    public WalMetrics(IMetricFactory factory)
    {
        PageFlushes = factory.CreateCounter("prometheus_tsdb_wal_page_flushes_total", "Total number of page flushes.");
        PageCompletions = factory.CreateCounter("prometheus_tsdb_wal_completed_pages_total", "Total number of completed pages.");
        TruncationsFailed = factory.CreateCounter("prometheus_tsdb_wal_truncations_failed_total", "Total number of write log truncations that failed.");
        Truncations = factory.CreateCounter("prometheus_tsdb_wal_truncations_total", "Total number of write log truncations attempted.");
        WritesFailed = factory.CreateCounter("prometheus_tsdb_wal_writes_failed_total", "Total number of write log writes that failed.");
        CurrentSegment = factory.CreateGauge("prometheus_tsdb_wal_segment_current", "Write log segment index that TSDB is currently writing to.");
        RecordBytesSaved = factory.CreateCounter("prometheus_tsdb_wal_record_bytes_saved_total", "Total number of bytes saved by the optional record compression.", labelNames: ["compression"]);
        FsyncDuration = factory.CreateSummary("prometheus_tsdb_wal_fsync_duration_seconds", "Duration of write log fsync.");
    }

    public Counter PageFlushes { get; }

    public Counter PageCompletions { get; }

    public Counter TruncationsFailed { get; }

    public Counter Truncations { get; }

    public Counter WritesFailed { get; }

    public Gauge CurrentSegment { get; }

    public Counter RecordBytesSaved { get; }

    public Summary FsyncDuration { get; }

    /// <summary>Metrics registered in a private registry, for callers that do not export them (tools, tests).</summary>
    public static WalMetrics Unregistered() => new(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));
}
