using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary><c>azuread.oauth</c>: client credentials of an Azure AD application.</summary>
public sealed class AzureOAuth
{
    [YamlMember(Alias = "client_id")]
    [OmitEmpty]
    public string ClientId { get; set; } = string.Empty;

    // A plain string in Prometheus (not a config.Secret); kept a Secret here so /-/config never prints it.
    [YamlMember(Alias = "client_secret")]
    [OmitEmpty]
    public Secret? ClientSecret { get; set; }

    [YamlMember(Alias = "tenant_id")]
    [OmitEmpty]
    public string TenantId { get; set; } = string.Empty;
}
