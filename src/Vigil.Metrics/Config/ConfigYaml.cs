using Vigil.Common.Yaml;

namespace Vigil.Metrics.Config;

internal static class ConfigYaml
{
    /// <summary>
    /// True when both blocks write the same unscrubbed YAML: the deep equality Go's <c>reflect.DeepEqual</c> gives the
    /// agent's <c>IsZero</c> methods (a block equal to its defaults is omitted from <c>/-/config</c>).
    /// </summary>
    public static bool SameAs(object a, object b) =>
        string.Equals(VigilYaml.Serialize(a, scrubSecrets: false), VigilYaml.Serialize(b, scrubSecrets: false), StringComparison.Ordinal);
}
