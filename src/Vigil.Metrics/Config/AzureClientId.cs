using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary><c>azuread.managed_identity</c>: the client id of a managed identity.</summary>
public sealed class AzureClientId
{
    [YamlMember(Alias = "client_id")]
    [OmitEmpty]
    public string ClientId { get; set; } = string.Empty;
}
