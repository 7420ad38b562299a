using System.Text.RegularExpressions;
using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Discovery.File;

/// <summary>One <c>file_sd_configs</c> entry (Prometheus <c>discovery/file.SDConfig</c>).</summary>
public sealed partial class FileSdConfig
{
    public static readonly PromDuration DefaultRefreshInterval = PromDuration.FromMinutes(5);

    [YamlMember(Alias = "files")]
    public List<string> Files { get; set; } = [];

    [YamlMember(Alias = "refresh_interval")]
    [OmitEmpty]
    public PromDuration RefreshInterval { get; set; } = DefaultRefreshInterval;

    /// <summary>Prometheus' decode-time checks, in its words.</summary>
    public void Validate(List<string> errors)
    {
        if (Files is null || Files.Count == 0)
        {
            errors.Add("file service discovery config must contain at least one path name");
            return;
        }

        foreach (var name in Files)
        {
            if (!FileNamePattern().IsMatch(name ?? string.Empty))
            {
                errors.Add($"path name \"{name}\" is not valid for file discovery");
            }
        }
    }

    // A glob is allowed only in the last path element; the extension picks the decoder.
    [GeneratedRegex(@"^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$")]
    private static partial Regex FileNamePattern();
}
