using Vigil.Common.Yaml;
using Vigil.Metrics.Discovery.Dns;
using Vigil.Metrics.Discovery.File;
using Vigil.Metrics.Discovery.Http;
using Vigil.Metrics.Discovery.Static;
using Vigil.Metrics.Relabel;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>
/// One <c>scrape_configs</c> entry. Fields, defaults and checks follow the Prometheus fork Grafana Agent v0.44 pins
/// (grafana/prometheus @ 51b39f24d406, about v2.49): it has no <c>scrape_protocols</c> or <c>enable_compression</c>, so
/// those keys are rejected as unknown, exactly as the Go agent rejects them. Service discovery blocks come last, in
/// alphabetical order, as Go writes them.
/// </summary>
public sealed class ScrapeConfig : HttpClientConfig
{
    public const string DefaultMetricsPath = "/metrics";
    public const string DefaultScheme = "http";

    [YamlMember(Alias = "job_name", Order = 1)]
    public string JobName { get; set; } = string.Empty;

    [YamlMember(Alias = "honor_labels", Order = 2)]
    [OmitEmpty]
    public bool HonorLabels { get; set; }

    [YamlMember(Alias = "honor_timestamps", Order = 3)]
    public bool HonorTimestamps { get; set; } = true;

    [YamlMember(Alias = "track_timestamps_staleness", Order = 4)]
    public bool TrackTimestampsStaleness { get; set; }

    [YamlMember(Alias = "params", Order = 5)]
    [OmitEmpty]
    public Dictionary<string, List<string>> Params { get; set; } = [];

    /// <summary>Zero means "take the global scrape_interval" (filled in by <see cref="InstanceConfig.ApplyDefaults"/>).</summary>
    [YamlMember(Alias = "scrape_interval", Order = 6)]
    [OmitEmpty]
    public PromDuration ScrapeInterval { get; set; }

    [YamlMember(Alias = "scrape_timeout", Order = 7)]
    [OmitEmpty]
    public PromDuration ScrapeTimeout { get; set; }

    [YamlMember(Alias = "scrape_classic_histograms", Order = 8)]
    [OmitEmpty]
    public bool ScrapeClassicHistograms { get; set; }

    [YamlMember(Alias = "metrics_path", Order = 9)]
    [OmitEmpty]
    public string MetricsPath { get; set; } = DefaultMetricsPath;

    [YamlMember(Alias = "scheme", Order = 10)]
    [OmitEmpty]
    public string Scheme { get; set; } = DefaultScheme;

    [YamlMember(Alias = "body_size_limit", Order = 11)]
    [OmitEmpty]
    public ByteSize BodySizeLimit { get; set; }

    [YamlMember(Alias = "sample_limit", Order = 12)]
    [OmitEmpty]
    public uint SampleLimit { get; set; }

    [YamlMember(Alias = "target_limit", Order = 13)]
    [OmitEmpty]
    public uint TargetLimit { get; set; }

    [YamlMember(Alias = "label_limit", Order = 14)]
    [OmitEmpty]
    public uint LabelLimit { get; set; }

    [YamlMember(Alias = "label_name_length_limit", Order = 15)]
    [OmitEmpty]
    public uint LabelNameLengthLimit { get; set; }

    [YamlMember(Alias = "label_value_length_limit", Order = 16)]
    [OmitEmpty]
    public uint LabelValueLengthLimit { get; set; }

    [YamlMember(Alias = "native_histogram_bucket_limit", Order = 17)]
    [OmitEmpty]
    public uint NativeHistogramBucketLimit { get; set; }

    [YamlMember(Alias = "keep_dropped_targets", Order = 18)]
    [OmitEmpty]
    public uint KeepDroppedTargets { get; set; }

    [YamlMember(Alias = "relabel_configs", Order = 200)]
    [OmitEmpty]
    public List<RelabelConfig?> RelabelConfigs { get; set; } = [];

    [YamlMember(Alias = "metric_relabel_configs", Order = 201)]
    [OmitEmpty]
    public List<RelabelConfig?> MetricRelabelConfigs { get; set; } = [];

    [YamlMember(Alias = "dns_sd_configs", Order = 210)]
    [OmitEmpty]
    public List<DnsSdConfig?> DnsSdConfigs { get; set; } = [];

    [YamlMember(Alias = "file_sd_configs", Order = 211)]
    [OmitEmpty]
    public List<FileSdConfig?> FileSdConfigs { get; set; } = [];

    [YamlMember(Alias = "http_sd_configs", Order = 212)]
    [OmitEmpty]
    public List<HttpSdConfig?> HttpSdConfigs { get; set; } = [];

    [YamlMember(Alias = "static_configs", Order = 213)]
    [OmitEmpty]
    public List<StaticConfig?> StaticConfigs { get; set; } = [];

    /// <summary>
    /// The checks Prometheus runs when it decodes a scrape config (<c>ScrapeConfig.UnmarshalYAML</c> and the SD decoders),
    /// in its order and words. Interval and timeout defaults are applied later, against the global block.
    /// </summary>
    public void Validate(List<string> errors)
    {
        CheckSdSection(DnsSdConfigs, "dns_sd_configs", errors, c => c.Validate(errors));
        CheckSdSection(FileSdConfigs, "file_sd_configs", errors, c => c.Validate(errors));
        CheckSdSection(HttpSdConfigs, "http_sd_configs", errors, c => c.Validate(errors));
        CheckSdSection(StaticConfigs, "static_configs", errors, c => c.Validate(errors));

        if (string.IsNullOrEmpty(JobName))
        {
            errors.Add("job_name is empty");
        }

        ValidateHttpClient(errors);

        // Catches users putting URLs in static targets; relabelling may legitimately build addresses from such values.
        if (RelabelConfigs.Count == 0)
        {
            foreach (var group in StaticConfigs)
            {
                foreach (var target in group?.Targets ?? [])
                {
                    if (target.Contains('/', StringComparison.Ordinal))
                    {
                        errors.Add($"\"{target}\" is not a valid hostname");
                    }
                }
            }
        }

        CheckRelabelRules(RelabelConfigs, "empty or null target relabeling rule in scrape config", errors);
        CheckRelabelRules(MetricRelabelConfigs, "empty or null metric relabeling rule in scrape config", errors);
    }

    /// <summary>
    /// Takes each limit left at zero from the global block (Prometheus' <c>ScrapeConfig.Validate(global)</c>, which its
    /// scrape manager runs when it loads the jobs), so the scrape loop reads one effective value.
    /// </summary>
    public void ApplyGlobalLimits(GlobalConfig global)
    {
        ArgumentNullException.ThrowIfNull(global);
        if (BodySizeLimit.Bytes == 0)
        {
            BodySizeLimit = global.BodySizeLimit;
        }

        SampleLimit = SampleLimit == 0 ? global.SampleLimit : SampleLimit;
        TargetLimit = TargetLimit == 0 ? global.TargetLimit : TargetLimit;
        LabelLimit = LabelLimit == 0 ? global.LabelLimit : LabelLimit;
        LabelNameLengthLimit = LabelNameLengthLimit == 0 ? global.LabelNameLengthLimit : LabelNameLengthLimit;
        LabelValueLengthLimit = LabelValueLengthLimit == 0 ? global.LabelValueLengthLimit : LabelValueLengthLimit;
        KeepDroppedTargets = KeepDroppedTargets == 0 ? global.KeepDroppedTargets : KeepDroppedTargets;
    }

    internal static void CheckRelabelRules(List<RelabelConfig?>? rules, string nullMessage, List<string> errors)
    {
        foreach (var rule in rules ?? [])
        {
            if (rule is null)
            {
                errors.Add(nullMessage);
                continue;
            }

            errors.AddRange(rule.Validate());
        }
    }

    private static void CheckSdSection<T>(List<T?>? section, string key, List<string> errors, Action<T> validate)
        where T : class
    {
        foreach (var item in section ?? [])
        {
            if (item is null)
            {
                errors.Add($"empty or null section in {key}");
                continue;
            }

            validate(item);
        }
    }
}
