using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>dskit <c>consul.Config</c>: read for compatibility only (Vigil has no consul store).</summary>
[DefaultOnNull]
public sealed class ConsulConfig
{
    [YamlMember(Alias = "host")]
    public string Host { get; set; } = "localhost:8500";

    [YamlMember(Alias = "acl_token")]
    [OmitEmpty]
    public FlagSecret? AclToken { get; set; }

    [YamlMember(Alias = "http_client_timeout")]
    public Duration HttpClientTimeout { get; set; } = Duration.FromSeconds(20);

    [YamlMember(Alias = "consistent_reads")]
    public bool ConsistentReads { get; set; }

    [YamlMember(Alias = "watch_rate_limit")]
    public double WatchRateLimit { get; set; } = 1;

    [YamlMember(Alias = "watch_burst_size")]
    public int WatchBurstSize { get; set; } = 1;

    [YamlMember(Alias = "cas_retry_delay")]
    public Duration CasRetryDelay { get; set; } = Duration.FromSeconds(1);
}
