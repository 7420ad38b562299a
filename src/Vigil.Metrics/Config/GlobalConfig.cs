using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>
/// <c>metrics.global</c> (Grafana Agent <c>instance.GlobalConfig</c>): Prometheus' global block inlined, plus the
/// <c>remote_write</c> list used by instances that define none. Omitted from <c>/-/config</c> while it equals its defaults.
/// </summary>
[DefaultOnNull]
public sealed class GlobalConfig : IZeroValue
{
    public static readonly PromDuration DefaultScrapeInterval = PromDuration.FromMinutes(1);
    public static readonly PromDuration DefaultScrapeTimeout = PromDuration.FromSeconds(10);
    public static readonly PromDuration DefaultEvaluationInterval = PromDuration.FromMinutes(1);

    [YamlMember(Alias = "scrape_interval")]
    [OmitEmpty]
    public PromDuration ScrapeInterval { get; set; } = DefaultScrapeInterval;

    [YamlMember(Alias = "scrape_timeout")]
    [OmitEmpty]
    public PromDuration ScrapeTimeout { get; set; } = DefaultScrapeTimeout;

    /// <summary>Accepted for compatibility; the agent evaluates no rules.</summary>
    [YamlMember(Alias = "evaluation_interval")]
    [OmitEmpty]
    public PromDuration EvaluationInterval { get; set; } = DefaultEvaluationInterval;

    /// <summary>Accepted for compatibility; the agent runs no queries.</summary>
    [YamlMember(Alias = "query_log_file")]
    [OmitEmpty]
    public string QueryLogFile { get; set; } = string.Empty;

    [YamlMember(Alias = "external_labels")]
    [OmitEmpty]
    public SortedStringMap ExternalLabels { get; set; } = [];

    [YamlMember(Alias = "body_size_limit")]
    [OmitEmpty]
    public ByteSize BodySizeLimit { get; set; }

    [YamlMember(Alias = "sample_limit")]
    [OmitEmpty]
    public uint SampleLimit { get; set; }

    [YamlMember(Alias = "target_limit")]
    [OmitEmpty]
    public uint TargetLimit { get; set; }

    [YamlMember(Alias = "label_limit")]
    [OmitEmpty]
    public uint LabelLimit { get; set; }

    [YamlMember(Alias = "label_name_length_limit")]
    [OmitEmpty]
    public uint LabelNameLengthLimit { get; set; }

    [YamlMember(Alias = "label_value_length_limit")]
    [OmitEmpty]
    public uint LabelValueLengthLimit { get; set; }

    [YamlMember(Alias = "keep_dropped_targets")]
    [OmitEmpty]
    public uint KeepDroppedTargets { get; set; }

    [YamlMember(Alias = "remote_write")]
    [OmitEmpty]
    public List<RemoteWriteConfig?> RemoteWrite { get; set; } = [];

    /// <summary>Scrape HTTP client option copied from <c>metrics.http_disable_keepalives</c> by <see cref="MetricsConfig.ApplyDefaults"/>.</summary>
    [YamlIgnore]
    public bool DisableKeepAlives { get; set; }

    /// <summary>Scrape HTTP client option copied from <c>metrics.http_idle_conn_timeout</c>; zero means the client's default.</summary>
    [YamlIgnore]
    public Duration IdleConnTimeout { get; set; }

    /// <summary>
    /// Checks the block. Grafana Agent inlines Prometheus' global struct, so Prometheus' own global checks (timeout versus
    /// interval) never run there and do not run here either; external label names are checked (an invalid one would be
    /// refused by every receiver), and each global remote_write gets the checks of a decoded remote_write.
    /// </summary>
    public void ApplyDefaults(List<string> errors)
    {
        foreach (var name in ExternalLabels.Keys)
        {
            if (!LabelNames.IsValid(name))
            {
                errors.Add($"\"{name}\" is not a valid label name");
            }
        }

        foreach (var rw in RemoteWrite)
        {
            if (rw is null)
            {
                errors.Add("empty or null remote write config section");
                continue;
            }

            rw.Validate(errors);
        }
    }

    public bool IsZero() => ConfigYaml.SameAs(this, new GlobalConfig());
}
