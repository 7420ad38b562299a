using Prometheus;

namespace Vigil.ScrapingService.Cluster;

/// <summary>Self-metrics of the scraping service's reconcile loop, registered on the agent's registry.</summary>
public sealed class ClusterMetrics(IMetricFactory factory)
{
    /// <summary>The failure reasons of <see cref="ConfigErrors"/>.</summary>
    public const string ReasonInvalid = "invalid";
    public const string ReasonApply = "apply";
    public const string ReasonDelete = "delete";

    /// <summary>Grafana Agent's histogram, with the Go client's default buckets (the same as prometheus-net's).</summary>
    public Histogram ReshardDuration { get; } = factory.CreateHistogram(
        "agent_metrics_scraping_service_reshard_duration",
        "How long it took for resharding to run.",
        ["success"],
        new HistogramConfiguration { Buckets = [.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10] });

    /// <summary>
    /// Configs this agent owns but could not run, or could not stop, by reason. Vigil's own: Grafana Agent only logs
    /// these, and a config that silently never runs is the failure operators most need to see.
    /// </summary>
    public Counter ConfigErrors { get; } = factory.CreateCounter(
        "agent_metrics_scraping_service_config_errors_total",
        "Owned configs that failed validation, or failed to apply or delete on the instance manager.",
        ["reason"]);
}
