using Prometheus;

namespace Vigil.Metrics.Instance;

/// <summary>The WAL cleaner's self-metrics, with Grafana Agent's names.</summary>
internal sealed class WalCleanerMetrics
{
    public WalCleanerMetrics(IMetricFactory factory)
    {
        ManagedStorage = factory.CreateGauge("agent_metrics_cleaner_managed_storage", "Number of storage directories associated with managed instances");
        AbandonedStorage = factory.CreateGauge("agent_metrics_cleaner_abandoned_storage", "Number of storage directories not associated with any managed instance");
        CleanupRunsSuccess = factory.CreateCounter("agent_metrics_cleaner_success_total", "Number of successfully removed abandoned WALs");
        CleanupRunsErrors = factory.CreateCounter("agent_metrics_cleaner_errors_total", "Number of errors removing abandoned WALs");
        SegmentErrors = factory.CreateCounter("agent_metrics_cleaner_segment_error_total", "Number of errors reading the last segment of a WAL");
        CleanupTimes = factory.CreateHistogram("agent_metrics_cleaner_cleanup_seconds", "Time spent performing each periodic WAL cleanup");
    }

    public Gauge ManagedStorage { get; }

    public Gauge AbandonedStorage { get; }

    public Counter CleanupRunsSuccess { get; }

    public Counter CleanupRunsErrors { get; }

    public Counter SegmentErrors { get; }

    public Histogram CleanupTimes { get; }
}
