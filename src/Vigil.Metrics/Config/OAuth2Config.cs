using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary><c>oauth2</c> of an HTTP client (prometheus/common <c>config.OAuth2</c>), client-credentials flow.</summary>
public sealed class OAuth2Config : ProxyConfig
{
    [YamlMember(Alias = "client_id", Order = 1)]
    public string ClientId { get; set; } = string.Empty;

    [YamlMember(Alias = "client_secret", Order = 2)]
    [OmitEmpty]
    public Secret? ClientSecret { get; set; }

    [YamlMember(Alias = "client_secret_file", Order = 3)]
    public string ClientSecretFile { get; set; } = string.Empty;

    [YamlMember(Alias = "scopes", Order = 4)]
    [OmitEmpty]
    public List<string> Scopes { get; set; } = [];

    [YamlMember(Alias = "token_url", Order = 5)]
    public string TokenUrl { get; set; } = string.Empty;

    [YamlMember(Alias = "endpoint_params", Order = 6)]
    [OmitEmpty]
    public SortedStringMap EndpointParams { get; set; } = [];

    [YamlMember(Alias = "tls_config", Order = 7)]
    [OmitEmpty]
    public TlsConfig TlsConfig { get; set; } = new();
}
