using Prometheus;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// Self-metrics of the scrape manager, pools and loops, with Prometheus 2.42's names (scrape/metrics in scrape.go and
/// manager.go) so existing dashboards keep working. Only the ones this implementation can move are registered.
/// </summary>
internal sealed class ScrapeMetrics
{
    private static readonly QuantileEpsilonPair[] Objectives =
    [
        new(0.01, 0.001), new(0.05, 0.005), new(0.5, 0.05), new(0.9, 0.01), new(0.99, 0.001),
    ];

    public ScrapeMetrics(IMetricFactory factory)
    {
        IntervalLength = factory.CreateSummary(
            "prometheus_target_interval_length_seconds",
            "Actual intervals between scrapes.",
            labelNames: ["interval"],
            new SummaryConfiguration { Objectives = Objectives });
        ReloadLength = factory.CreateSummary(
            "prometheus_target_reload_length_seconds",
            "Actual interval to reload the scrape pool with a given configuration.",
            labelNames: ["interval"],
            new SummaryConfiguration { Objectives = Objectives });
        SyncLength = factory.CreateSummary(
            "prometheus_target_sync_length_seconds",
            "Actual interval to sync the scrape pool.",
            labelNames: ["scrape_job"],
            new SummaryConfiguration { Objectives = Objectives });
        PoolSyncs = factory.CreateCounter("prometheus_target_scrape_pool_sync_total", "Total number of syncs that were executed on a scrape pool.", labelNames: ["scrape_job"]);
        SyncFailed = factory.CreateCounter("prometheus_target_sync_failed_total", "Total number of target sync failures.", labelNames: ["scrape_job"]);
        PoolTargets = factory.CreateGauge("prometheus_target_scrape_pool_targets", "Current number of targets in this scrape pool.", labelNames: ["scrape_job"]);
        PoolTargetLimit = factory.CreateGauge("prometheus_target_scrape_pool_target_limit", "Maximum number of targets allowed in this scrape pool.", labelNames: ["scrape_job"]);
        Pools = factory.CreateCounter("prometheus_target_scrape_pools_total", "Total number of scrape pool creation attempts.");
        PoolsFailed = factory.CreateCounter("prometheus_target_scrape_pools_failed_total", "Total number of scrape pool creations that failed.");
        PoolReloads = factory.CreateCounter("prometheus_target_scrape_pool_reloads_total", "Total number of scrape pool reloads.");
        PoolReloadsFailed = factory.CreateCounter("prometheus_target_scrape_pool_reloads_failed_total", "Total number of failed scrape pool reloads.");
        ExceededTargetLimit = factory.CreateCounter(
            "prometheus_target_scrape_pool_exceeded_target_limit_total", "Total number of times scrape pools hit the target limit, during sync or config reload.");
        ExceededLabelLimits = factory.CreateCounter(
            "prometheus_target_scrape_pool_exceeded_label_limits_total", "Total number of times scrape pools hit the label limits, during sync or config reload.");
        ExceededBodySizeLimit = factory.CreateCounter(
            "prometheus_target_scrapes_exceeded_body_size_limit_total", "Total number of scrapes that hit the body size limit");
        ExceededSampleLimit = factory.CreateCounter(
            "prometheus_target_scrapes_exceeded_sample_limit_total", "Total number of scrapes that hit the sample limit and were rejected.");
        SampleOutOfBounds = factory.CreateCounter(
            "prometheus_target_scrapes_sample_out_of_bounds_total", "Total number of samples rejected due to timestamp falling outside of the time bounds.");
        CacheFlushForced = factory.CreateCounter(
            "prometheus_target_scrapes_cache_flush_forced_total", "How many times a scrape cache was flushed due to getting big while scrapes are failing.");
    }

    public Summary IntervalLength { get; }

    public Summary ReloadLength { get; }

    public Summary SyncLength { get; }

    public Counter PoolSyncs { get; }

    public Counter SyncFailed { get; }

    public Gauge PoolTargets { get; }

    public Gauge PoolTargetLimit { get; }

    public Counter Pools { get; }

    public Counter PoolsFailed { get; }

    public Counter PoolReloads { get; }

    public Counter PoolReloadsFailed { get; }

    public Counter ExceededTargetLimit { get; }

    public Counter ExceededLabelLimits { get; }

    public Counter ExceededBodySizeLimit { get; }

    public Counter ExceededSampleLimit { get; }

    public Counter SampleOutOfBounds { get; }

    public Counter CacheFlushForced { get; }

    public static ScrapeMetrics Unregistered() => new(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
}
