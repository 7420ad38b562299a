using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>dskit <c>kv.MultiConfig</c>: read for compatibility only (Vigil has no multi store).</summary>
[DefaultOnNull]
public sealed class MultiKvConfig
{
    [YamlMember(Alias = "primary")]
    public string Primary { get; set; } = string.Empty;

    [YamlMember(Alias = "secondary")]
    public string Secondary { get; set; } = string.Empty;

    [YamlMember(Alias = "mirror_enabled")]
    public bool MirrorEnabled { get; set; }

    [YamlMember(Alias = "mirror_timeout")]
    public Duration MirrorTimeout { get; set; } = Duration.FromSeconds(2);
}
