using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Discovery.Static;

/// <summary>One <c>static_configs</c> entry: a target group (Prometheus <c>targetgroup.Group</c>).</summary>
public sealed class StaticConfig
{
    [YamlMember(Alias = "targets")]
    public List<string> Targets { get; set; } = [];

    [YamlMember(Alias = "labels")]
    [OmitEmpty]
    public SortedStringMap Labels { get; set; } = [];

    /// <summary>The label-set checks Prometheus runs when it decodes the group.</summary>
    public void Validate(List<string> errors)
    {
        foreach (var name in Labels?.Keys ?? Enumerable.Empty<string>())
        {
            if (!LabelNames.IsValid(name))
            {
                errors.Add($"\"{name}\" is not a valid label name");
            }
        }
    }
}
