using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>dskit <c>etcd.Config</c>: the etcd KV store of a scraping-service cluster.</summary>
[DefaultOnNull]
public sealed class EtcdConfig : DskitTlsConfig
{
    [YamlMember(Alias = "endpoints", Order = 1)]
    public List<string> Endpoints { get; set; } = [];

    [YamlMember(Alias = "dial_timeout", Order = 2)]
    public Duration DialTimeout { get; set; } = Duration.FromSeconds(10);

    [YamlMember(Alias = "max_retries", Order = 3)]
    public int MaxRetries { get; set; } = 10;

    [YamlMember(Alias = "tls_enabled", Order = 4)]
    public bool TlsEnabled { get; set; }

    [YamlMember(Alias = "username", Order = 40)]
    public string Username { get; set; } = string.Empty;

    [YamlMember(Alias = "password", Order = 41)]
    [OmitEmpty]
    public FlagSecret? Password { get; set; }
}
