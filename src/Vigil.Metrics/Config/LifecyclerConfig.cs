using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>dskit <c>ring.LifecyclerConfig</c>: this agent's membership of the scraping-service ring (static-mode.md §2.5).</summary>
[DefaultOnNull]
public sealed class LifecyclerConfig
{
    [YamlMember(Alias = "ring")]
    public RingConfig Ring { get; set; } = new();

    [YamlMember(Alias = "num_tokens")]
    public int NumTokens { get; set; } = 128;

    [YamlMember(Alias = "heartbeat_period")]
    public Duration HeartbeatPeriod { get; set; } = Duration.FromSeconds(5);

    [YamlMember(Alias = "heartbeat_timeout")]
    public Duration HeartbeatTimeout { get; set; } = Duration.FromMinutes(1);

    [YamlMember(Alias = "observe_period")]
    public Duration ObservePeriod { get; set; }

    [YamlMember(Alias = "join_after")]
    public Duration JoinAfter { get; set; }

    [YamlMember(Alias = "min_ready_duration")]
    public Duration MinReadyDuration { get; set; } = Duration.FromSeconds(15);

    // dskit defaults to the host's private interfaces, falling back to these two.
    [YamlMember(Alias = "interface_names")]
    public List<string> InterfaceNames { get; set; } = ["eth0", "en0"];

    [YamlMember(Alias = "enable_inet6")]
    public bool EnableInet6 { get; set; }

    [YamlMember(Alias = "final_sleep")]
    public Duration FinalSleep { get; set; }

    [YamlMember(Alias = "tokens_file_path")]
    public string TokensFilePath { get; set; } = string.Empty;

    [YamlMember(Alias = "availability_zone")]
    public string AvailabilityZone { get; set; } = string.Empty;

    [YamlMember(Alias = "unregister_on_shutdown")]
    public bool UnregisterOnShutdown { get; set; } = true;

    [YamlMember(Alias = "readiness_check_ring_health")]
    public bool ReadinessCheckRingHealth { get; set; } = true;

    [YamlMember(Alias = "address")]
    public string Address { get; set; } = string.Empty;

    /// <summary>Zero means the gRPC listen port (copied in at start-up).</summary>
    [YamlMember(Alias = "port")]
    public int Port { get; set; }

    [YamlMember(Alias = "id")]
    public string Id { get; set; } = Environment.MachineName;
}
