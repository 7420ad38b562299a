using Prometheus;

namespace Vigil.Server.Hosting;

/// <summary>
/// The process-level self-metrics, on a registry owned by one agent host (never the static default registry, so two
/// hosts in one test process do not collide). Names follow Grafana Agent and dskit so that dashboards carry over.
/// </summary>
internal sealed class AgentMetrics
{
    public AgentMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        Factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        DotNetStats.Register(Registry);

        var buildInfo = Factory.CreateGauge(
            "agent_build_info",
            "A metric with a constant '1' value labeled by version, revision, branch, goversion, goos and goarch from which the agent was built.",
            ["version", "revision", "branch", "goversion", "goos", "goarch"]);
        buildInfo.WithLabels(BuildInfo.Version, BuildInfo.Revision, "main", BuildInfo.Runtime, BuildInfo.Os, BuildInfo.Arch).Set(1);

        RequestDuration = Factory.CreateHistogram(
            "agent_request_duration_seconds",
            "Time (in seconds) spent serving HTTP requests.",
            ["method", "route", "status_code", "ws"],
            new HistogramConfiguration { Buckets = [.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10] });
        InflightRequests = Factory.CreateGauge(
            "agent_inflight_requests",
            "Current number of inflight requests.",
            ["method", "route"]);
        ConfigLastLoadSuccessful = Factory.CreateGauge(
            "agent_config_last_load_successful",
            "Config loaded successfully.");
        ConfigLastLoadSuccessTimestamp = Factory.CreateGauge(
            "agent_config_last_load_success_timestamp_seconds",
            "Timestamp of the last successful configuration load.");
        ConfigLoadFailures = Factory.CreateCounter(
            "agent_config_load_failures_total",
            "Configuration load failures.");
    }

    public CollectorRegistry Registry { get; }

    public IMetricFactory Factory { get; }

    public Histogram RequestDuration { get; }

    public Gauge InflightRequests { get; }

    public Gauge ConfigLastLoadSuccessful { get; }

    public Gauge ConfigLastLoadSuccessTimestamp { get; }

    public Counter ConfigLoadFailures { get; }
}
