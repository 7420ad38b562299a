using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>
/// <c>metrics.scraping_service</c> (Grafana Agent <c>cluster.Config</c>). Omitted from <c>/-/config</c> while it equals its
/// defaults. The dskit sub-blocks (kvstore, lifecycler) write every key, as dskit's structs have no omitempty.
/// </summary>
[DefaultOnNull]
public sealed class ScrapingServiceConfig : IZeroValue
{
    public const string DefaultConfigPrefix = "configurations/";

    [YamlMember(Alias = "enabled")]
    [OmitEmpty]
    public bool Enabled { get; set; }

    [YamlMember(Alias = "reshard_interval")]
    [OmitEmpty]
    public Duration ReshardInterval { get; set; } = Duration.FromMinutes(1);

    /// <summary>Zero means no timeout.</summary>
    [YamlMember(Alias = "reshard_timeout")]
    [OmitEmpty]
    public Duration ReshardTimeout { get; set; } = Duration.FromSeconds(30);

    /// <summary>Zero means no timeout.</summary>
    [YamlMember(Alias = "cluster_reshard_event_timeout")]
    [OmitEmpty]
    public Duration ClusterReshardEventTimeout { get; set; } = Duration.FromSeconds(30);

    [YamlMember(Alias = "kvstore")]
    [OmitEmpty]
    public KvStoreConfig KvStore { get; set; } = new();

    [YamlMember(Alias = "lifecycler")]
    [OmitEmpty]
    public LifecyclerConfig Lifecycler { get; set; } = new();

    [YamlMember(Alias = "dangerous_allow_reading_files")]
    [OmitEmpty]
    public bool DangerousAllowReadingFiles { get; set; }

    /// <summary>Copied from <c>metrics.scraping_service_client</c> by <see cref="MetricsConfig.ApplyDefaults"/>, as Go does.</summary>
    [YamlIgnore]
    public ScrapingServiceClientConfig Client { get; set; } = new();

    public bool IsZero() => ConfigYaml.SameAs(this, new ScrapingServiceConfig());

    /// <summary>
    /// Forces the ring's replication factor to 1 (Go does it after decoding) and, when the service is enabled, checks the
    /// stores it will open.
    /// </summary>
    public void Validate(List<string> errors)
    {
        Lifecycler ??= new LifecyclerConfig();
        Lifecycler.Ring ??= new RingConfig();
        Lifecycler.Ring.ReplicationFactor = 1;
        if (!Enabled)
        {
            return;
        }

        (KvStore ?? new KvStoreConfig()).Validate("kvstore", errors);
        (Lifecycler.Ring.KvStore ?? new KvStoreConfig()).Validate("lifecycler.ring.kvstore", errors);
    }
}
