using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Discovery.Dns;

/// <summary>One <c>dns_sd_configs</c> entry (Prometheus <c>discovery/dns.SDConfig</c>).</summary>
public sealed class DnsSdConfig
{
    public const string DefaultType = "SRV";
    public static readonly PromDuration DefaultRefreshInterval = PromDuration.FromSeconds(30);

    [YamlMember(Alias = "names")]
    public List<string> Names { get; set; } = [];

    [YamlMember(Alias = "refresh_interval")]
    [OmitEmpty]
    public PromDuration RefreshInterval { get; set; } = DefaultRefreshInterval;

    [YamlMember(Alias = "type")]
    public string Type { get; set; } = DefaultType;

    /// <summary>Ignored for SRV records, whose answers carry the port.</summary>
    [YamlMember(Alias = "port")]
    public int Port { get; set; }

    /// <summary>Prometheus' decode-time checks, in its order and words.</summary>
    public void Validate(List<string> errors)
    {
        if (Names is null || Names.Count == 0)
        {
            errors.Add("DNS-SD config must contain at least one SRV record name");
        }

        switch ((Type ?? string.Empty).ToUpperInvariant())
        {
            case "SRV":
                break;
            case "A" or "AAAA" or "MX" or "NS":
                if (Port == 0)
                {
                    errors.Add("a port is required in DNS-SD configs for all record types except SRV");
                }

                break;
            default:
                errors.Add($"invalid DNS-SD records type {Type}");
                break;
        }
    }
}
