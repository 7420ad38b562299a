using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>
/// <c>azuread</c> of a remote_write (Prometheus <c>storage/remote/azuread</c>). Decoded so that a Grafana Agent config
/// reads, then rejected by validation: Vigil does not fetch Azure AD tokens yet.
/// </summary>
public sealed class AzureAdConfig
{
    [YamlMember(Alias = "managed_identity")]
    [OmitEmpty]
    public AzureClientId? ManagedIdentity { get; set; }

    [YamlMember(Alias = "oauth")]
    [OmitEmpty]
    public AzureOAuth? OAuth { get; set; }

    [YamlMember(Alias = "cloud")]
    [OmitEmpty]
    public string Cloud { get; set; } = string.Empty;
}
