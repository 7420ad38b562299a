using Vigil.Metrics.Config;
using YamlDotNet.Serialization;

namespace Vigil.Server.Config;

/// <summary>
/// The root of the agent config file (Grafana Agent static mode <c>config.Config</c>). Deprecated aliases
/// (<c>prometheus</c>, <c>loki</c>, <c>tempo</c>) are folded into their new names by <see cref="ConfigLoader"/>, so
/// after loading only <see cref="Metrics"/>, <see cref="Logs"/> and <see cref="Traces"/> are set.
/// </summary>
internal sealed class AgentConfig
{
    [YamlMember(Alias = "server")]
    public ServerConfig? Server { get; set; }

    [YamlMember(Alias = "metrics")]
    public MetricsConfig? Metrics { get; set; }

    [YamlMember(Alias = "prometheus")]
    public MetricsConfig? Prometheus { get; set; }

    [YamlMember(Alias = "integrations")]
    public object? Integrations { get; set; }

    [YamlMember(Alias = "traces")]
    public object? Traces { get; set; }

    [YamlMember(Alias = "tempo")]
    public object? Tempo { get; set; }

    [YamlMember(Alias = "logs")]
    public object? Logs { get; set; }

    [YamlMember(Alias = "loki")]
    public object? Loki { get; set; }

    [YamlMember(Alias = "agent_management")]
    public object? AgentManagement { get; set; }
}
