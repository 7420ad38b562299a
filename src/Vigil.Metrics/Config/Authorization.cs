using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary><c>authorization</c> of an HTTP client (prometheus/common <c>config.Authorization</c>); type defaults to Bearer.</summary>
public sealed class Authorization
{
    public const string DefaultType = "Bearer";

    [YamlMember(Alias = "type")]
    [OmitEmpty]
    public string Type { get; set; } = string.Empty;

    [YamlMember(Alias = "credentials")]
    [OmitEmpty]
    public Secret? Credentials { get; set; }

    [YamlMember(Alias = "credentials_file")]
    [OmitEmpty]
    public string CredentialsFile { get; set; } = string.Empty;
}
