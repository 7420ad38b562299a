using System.Globalization;
using System.Text.Json;
using Vigil.Common.Model;
using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.Metrics.Discovery.Static;

namespace Vigil.Metrics.Discovery.File;

/// <summary>
/// Decodes a file_sd file: a list of <c>{targets: [...], labels: {...}}</c> in JSON or YAML (the extension decides).
/// Each group gets the source <c>path:index</c> and the label <c>__meta_filepath</c>, as in Prometheus.
/// </summary>
internal static class TargetGroupFileDecoder
{
    public const string FilePathLabel = "__meta_filepath";

    /// <exception cref="FormatException">The content is not a valid target group list.</exception>
    public static IReadOnlyList<TargetGroup> Decode(string path, string text)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var raw = extension switch
        {
            ".json" => DecodeJson(text),
            ".yml" or ".yaml" => DecodeYaml(text),
            _ => throw new FormatException($"retrieval target groups from {path} failed: unknown file extension {extension}"),
        };

        var groups = new List<TargetGroup>(raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            var (targets, labels) = raw[i];
            var builder = new LabelsBuilder(StaticDiscoverer.ToLabels(labels)).Set(FilePathLabel, path);
            groups.Add(TargetGroup.FromAddresses(path + ":" + i.ToString(CultureInfo.InvariantCulture), targets, builder.Build()));
        }

        return groups;
    }

    /// <summary>Go's json.Unmarshal into groups: unknown keys are ignored, label names are checked.</summary>
    internal static List<(List<string> Targets, Dictionary<string, string> Labels)> DecodeJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("expected a JSON array of target groups");
            }

            var result = new List<(List<string>, Dictionary<string, string>)>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException(item.ValueKind == JsonValueKind.Null ? "nil target group item found" : "target group must be a JSON object");
                }

                var targets = new List<string>();
                var labels = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in item.EnumerateObject())
                {
                    if (property.NameEquals("targets") && property.Value.ValueKind != JsonValueKind.Null)
                    {
                        foreach (var target in property.Value.EnumerateArray())
                        {
                            targets.Add(target.GetString() ?? string.Empty);
                        }
                    }
                    else if (property.NameEquals("labels") && property.Value.ValueKind != JsonValueKind.Null)
                    {
                        foreach (var label in property.Value.EnumerateObject())
                        {
                            CheckLabelName(label.Name);
                            labels[label.Name] = label.Value.GetString() ?? string.Empty;
                        }
                    }
                }

                result.Add((targets, labels));
            }

            return result;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new FormatException(e.Message, e);
        }
    }

    /// <summary>Go's yaml.UnmarshalStrict into groups: unknown keys are errors.</summary>
    private static List<(List<string> Targets, Dictionary<string, string> Labels)> DecodeYaml(string text)
    {
        List<StaticConfig?>? configs;
        try
        {
            configs = VigilYaml.Deserialize<List<StaticConfig?>>(text);
        }
        catch (YamlConfigException e)
        {
            throw new FormatException(e.Message, e);
        }

        var result = new List<(List<string>, Dictionary<string, string>)>();
        foreach (var config in configs ?? [])
        {
            if (config is null)
            {
                throw new FormatException("nil target group item found");
            }

            var errors = new List<string>();
            config.Validate(errors);
            if (errors.Count > 0)
            {
                throw new FormatException(errors[0]);
            }

            result.Add((config.Targets ?? [], new Dictionary<string, string>(config.Labels ?? [], StringComparer.Ordinal)));
        }

        return result;
    }

    private static void CheckLabelName(string name)
    {
        if (!LabelNames.IsValid(name))
        {
            throw new FormatException($"\"{name}\" is not a valid label name");
        }
    }
}
