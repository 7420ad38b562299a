using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>
/// <c>sigv4</c> of a remote_write (prometheus/common <c>sigv4.SigV4Config</c>). Decoded so that a Grafana Agent config
/// reads, then rejected by validation: Vigil does not sign requests for AWS yet.
/// </summary>
public sealed class SigV4Config
{
    [YamlMember(Alias = "region")]
    [OmitEmpty]
    public string Region { get; set; } = string.Empty;

    [YamlMember(Alias = "access_key")]
    [OmitEmpty]
    public string AccessKey { get; set; } = string.Empty;

    [YamlMember(Alias = "secret_key")]
    [OmitEmpty]
    public Secret? SecretKey { get; set; }

    [YamlMember(Alias = "profile")]
    [OmitEmpty]
    public string Profile { get; set; } = string.Empty;

    [YamlMember(Alias = "role_arn")]
    [OmitEmpty]
    public string RoleArn { get; set; } = string.Empty;
}
