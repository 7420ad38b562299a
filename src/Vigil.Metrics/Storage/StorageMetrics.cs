using Prometheus;

namespace Vigil.Metrics.Storage;

/// <summary>
/// Self-metrics of one agent WAL storage, with the Grafana Agent names (static/metrics/wal), plus counters for
/// corruption, repair and failed writes. Built from an injected factory per storage instance.
/// </summary>
internal sealed class StorageMetrics
{
    public StorageMetrics(IMetricFactory factory)
    {
        ActiveSeries = factory.CreateGauge("agent_wal_storage_active_series", "Current number of active series being tracked by the WAL storage");
        DeletedSeries = factory.CreateGauge("agent_wal_storage_deleted_series", "Current number of series marked for deletion from memory");
        OutOfOrderSamples = factory.CreateCounter("agent_wal_out_of_order_samples_total", "Total number of out of order samples ingestion failed attempts.");
        CreatedSeries = factory.CreateCounter("agent_wal_storage_created_series_total", "Total number of created series appended to the WAL");
        RemovedSeries = factory.CreateCounter("agent_wal_storage_removed_series_total", "Total number of created series removed from the WAL");
        SamplesAppended = factory.CreateCounter("agent_wal_samples_appended_total", "Total number of samples appended to the WAL");
        ExemplarsAppended = factory.CreateCounter("agent_wal_exemplars_appended_total", "Total number of exemplars appended to the WAL");
        Corruptions = factory.CreateCounter("agent_wal_corruptions_total", "Total number of WAL corruptions found while replaying.");
        Repairs = factory.CreateCounter("agent_wal_repairs_total", "Total number of WAL repairs attempted.");
        RepairsFailed = factory.CreateCounter("agent_wal_repairs_failed_total", "Total number of WAL repairs that failed; the WAL was then emptied.");
        CommitsFailed = factory.CreateCounter("agent_wal_commits_failed_total", "Total number of appender commits or rollbacks that could not be written to the WAL.");
        SamplesDropped = factory.CreateCounter("agent_wal_samples_dropped_total", "Total number of samples not written to the WAL, by reason.", labelNames: ["reason"]);
        ExemplarsDropped = factory.CreateCounter("agent_wal_exemplars_dropped_total", "Total number of exemplars not written to the WAL, by reason.", labelNames: ["reason"]);
        ReplayUnknownRefs = factory.CreateCounter("agent_wal_replay_unknown_series_refs_total", "Total number of replayed samples that referenced a series not in the WAL.");
        ReplayUnknownRecords = factory.CreateCounter("agent_wal_replay_skipped_records_total", "Total number of replayed records of types the agent does not use.", labelNames: ["type"]);
    }

    public Gauge ActiveSeries { get; }

    public Gauge DeletedSeries { get; }

    public Counter OutOfOrderSamples { get; }

    public Counter CreatedSeries { get; }

    public Counter RemovedSeries { get; }

    public Counter SamplesAppended { get; }

    public Counter ExemplarsAppended { get; }

    public Counter Corruptions { get; }

    public Counter Repairs { get; }

    public Counter RepairsFailed { get; }

    public Counter CommitsFailed { get; }

    public Counter SamplesDropped { get; }

    public Counter ExemplarsDropped { get; }

    public Counter ReplayUnknownRefs { get; }

    public Counter ReplayUnknownRecords { get; }
}
