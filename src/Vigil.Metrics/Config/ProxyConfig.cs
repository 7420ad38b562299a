using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>
/// Proxy settings (prometheus/common <c>config.ProxyConfig</c>), inlined in the HTTP client and OAuth2 blocks.
/// Its keys are ordered after the fields of the block that inlines it, as Go writes them.
/// </summary>
public class ProxyConfig
{
    [YamlMember(Alias = "proxy_url", Order = 150)]
    [OmitEmpty]
    public ConfigUrl? ProxyUrl { get; set; }

    [YamlMember(Alias = "no_proxy", Order = 151)]
    [OmitEmpty]
    public string NoProxy { get; set; } = string.Empty;

    [YamlMember(Alias = "proxy_from_environment", Order = 152)]
    [OmitEmpty]
    public bool ProxyFromEnvironment { get; set; }

    [YamlMember(Alias = "proxy_connect_header", Order = 153)]
    [OmitEmpty]
    public Dictionary<string, List<Secret>> ProxyConnectHeader { get; set; } = [];

    /// <summary>Prometheus' <c>ProxyConfig.Validate</c> checks, in its order and words.</summary>
    public void ValidateProxy(List<string> errors)
    {
        var hasProxyUrl = !string.IsNullOrEmpty(ProxyUrl?.Value);
        if (ProxyConnectHeader?.Count > 0 && !ProxyFromEnvironment && !hasProxyUrl)
        {
            errors.Add("if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured");
        }

        if (ProxyFromEnvironment && hasProxyUrl)
        {
            errors.Add("if proxy_from_environment is configured, proxy_url must not be configured");
        }

        if (ProxyFromEnvironment && !string.IsNullOrEmpty(NoProxy))
        {
            errors.Add("if proxy_from_environment is configured, no_proxy must not be configured");
        }

        if (ProxyUrl is null && !string.IsNullOrEmpty(NoProxy))
        {
            errors.Add("if no_proxy is configured, proxy_url must also be configured");
        }
    }
}
