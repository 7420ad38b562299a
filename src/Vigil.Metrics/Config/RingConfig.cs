using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>dskit <c>ring.Config</c> inside the lifecycler block. The replication factor is always 1 (forced after decoding).</summary>
[DefaultOnNull]
public sealed class RingConfig
{
    public const string DefaultRingPrefix = "collectors/";

    private KvStoreConfig _kvStore = new() { Prefix = DefaultRingPrefix };

    [YamlMember(Alias = "kvstore")]
    public KvStoreConfig KvStore
    {
        get => _kvStore;
        set
        {
            // A ring kvstore block without `prefix` keeps the ring's default, not the config store's.
            if (value is not null && !value.PrefixSet)
            {
                value.Prefix = DefaultRingPrefix;
            }

            _kvStore = value!;
        }
    }

    [YamlMember(Alias = "heartbeat_timeout")]
    public Duration HeartbeatTimeout { get; set; } = Duration.FromMinutes(1);

    [YamlMember(Alias = "replication_factor")]
    public int ReplicationFactor { get; set; } = 1;

    [YamlMember(Alias = "zone_awareness_enabled")]
    public bool ZoneAwarenessEnabled { get; set; }

    /// <summary>Comma-separated, as dskit's <c>StringSliceCSV</c>.</summary>
    [YamlMember(Alias = "excluded_zones")]
    public string ExcludedZones { get; set; } = string.Empty;
}
