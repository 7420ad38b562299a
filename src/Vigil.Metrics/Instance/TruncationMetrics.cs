using Prometheus;

namespace Vigil.Metrics.Instance;

/// <summary>The truncation loop's self-metrics, labelled with the instance by the factory.</summary>
internal sealed class TruncationMetrics
{
    public TruncationMetrics(IMetricFactory factory)
    {
        Truncations = factory.CreateCounter("agent_metrics_wal_truncations_total", "WAL truncations run by the truncation loop.", ["result"]);
        LastTruncation = factory.CreateGauge("agent_metrics_wal_last_truncation_timestamp_seconds", "When the WAL was last truncated.");
        UnsentSegmentsDropped = factory.CreateCounter(
            "agent_metrics_wal_unsent_segments_dropped_total",
            "WAL segments a remote_write queue had not sent yet, removed because their data is older than max_wal_time.");
    }

    public Counter Truncations { get; }

    public Gauge LastTruncation { get; }

    public Counter UnsentSegmentsDropped { get; }
}
