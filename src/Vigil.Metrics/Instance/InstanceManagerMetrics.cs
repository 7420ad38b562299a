using Prometheus;

namespace Vigil.Metrics.Instance;

/// <summary>The instance manager's self-metrics, with Grafana Agent's names.</summary>
internal sealed class InstanceManagerMetrics
{
    public InstanceManagerMetrics(IMetricFactory factory)
    {
        AbnormalExits = factory.CreateCounter(
            "agent_metrics_instance_abnormal_exits_total",
            "Total number of times a Prometheus instance exited unexpectedly, causing it to be restarted.",
            ["instance_name"]);
        ActiveInstances = factory.CreateGauge("agent_metrics_active_instances", "Current number of active instances being used by the agent.");
        ActiveConfigs = factory.CreateGauge("agent_metrics_active_configs", "Current number of active configs being used by the agent.");
        ConfigsChanged = factory.CreateCounter("agent_metrics_configs_changed_total", "Total number of dynamically updated configs", ["event"]);
    }

    public Counter AbnormalExits { get; }

    public Gauge ActiveInstances { get; }

    public Gauge ActiveConfigs { get; }

    public Counter ConfigsChanged { get; }
}
