using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary><c>basic_auth</c> of an HTTP client (prometheus/common <c>config.BasicAuth</c>).</summary>
public sealed class BasicAuth
{
    [YamlMember(Alias = "username")]
    public string Username { get; set; } = string.Empty;

    [YamlMember(Alias = "username_file")]
    [OmitEmpty]
    public string UsernameFile { get; set; } = string.Empty;

    [YamlMember(Alias = "password")]
    [OmitEmpty]
    public Secret? Password { get; set; }

    [YamlMember(Alias = "password_file")]
    [OmitEmpty]
    public string PasswordFile { get; set; } = string.Empty;
}
