using Vigil.Common.Yaml;
using Vigil.Metrics.Relabel;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>
/// One metrics instance (<c>metrics.configs[]</c>, or a config stored by the scraping service): Grafana Agent's
/// <c>instance.Config</c>. A freshly constructed instance holds the agent's defaults; every key is <c>omitempty</c>, as in Go.
/// </summary>
[DefaultOnNull]
public sealed class InstanceConfig
{
    public static readonly Duration DefaultWalTruncateFrequency = Duration.FromMinutes(60);
    public static readonly Duration DefaultMinWalTime = Duration.FromMinutes(5);
    public static readonly Duration DefaultMaxWalTime = Duration.FromHours(4);
    public static readonly Duration DefaultRemoteFlushDeadline = Duration.FromMinutes(1);

    [YamlMember(Alias = "name")]
    [OmitEmpty]
    public string Name { get; set; } = string.Empty;

    [YamlMember(Alias = "host_filter")]
    [OmitEmpty]
    public bool HostFilter { get; set; }

    [YamlMember(Alias = "host_filter_relabel_configs")]
    [OmitEmpty]
    public List<RelabelConfig?> HostFilterRelabelConfigs { get; set; } = [];

    [YamlMember(Alias = "scrape_configs")]
    [OmitEmpty]
    public List<ScrapeConfig?> ScrapeConfigs { get; set; } = [];

    [YamlMember(Alias = "remote_write")]
    [OmitEmpty]
    public List<RemoteWriteConfig?> RemoteWrite { get; set; } = [];

    [YamlMember(Alias = "wal_truncate_frequency")]
    [OmitEmpty]
    public Duration WalTruncateFrequency { get; set; } = DefaultWalTruncateFrequency;

    [YamlMember(Alias = "min_wal_time")]
    [OmitEmpty]
    public Duration MinWalTime { get; set; } = DefaultMinWalTime;

    [YamlMember(Alias = "max_wal_time")]
    [OmitEmpty]
    public Duration MaxWalTime { get; set; } = DefaultMaxWalTime;

    [YamlMember(Alias = "remote_flush_deadline")]
    [OmitEmpty]
    public Duration RemoteFlushDeadline { get; set; } = DefaultRemoteFlushDeadline;

    [YamlMember(Alias = "write_stale_on_shutdown")]
    [OmitEmpty]
    public bool WriteStaleOnShutdown { get; set; }

    /// <summary>The global settings this instance was defaulted against (set by <see cref="ApplyDefaults"/>).</summary>
    [YamlIgnore]
    public GlobalConfig Global { get; private set; } = new();

    /// <summary>
    /// Applies defaults and validates like Grafana Agent's <c>instance.Config.ApplyDefaults(global)</c>, after the checks
    /// Prometheus runs when it decodes each scrape_config and remote_write. Appends every error found to
    /// <paramref name="errors"/> in the Go wording (Go stops at the first). Fills each scrape_config's interval and
    /// timeout (and, as Prometheus' scrape manager does when it loads them, unset limits) from the global block, copies the global remote_write list when the instance has none, and names every
    /// unnamed remote_write <c>&lt;instance&gt;-&lt;hash&gt;</c>.
    /// </summary>
    public void ApplyDefaults(GlobalConfig global, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(global);
        ArgumentNullException.ThrowIfNull(errors);
        Global = global;

        if (string.IsNullOrEmpty(Name))
        {
            errors.Add("missing instance name");
        }

        if (WalTruncateFrequency <= Duration.Zero)
        {
            errors.Add("wal_truncate_frequency must be greater than 0s");
        }

        if (RemoteFlushDeadline <= Duration.Zero)
        {
            errors.Add("remote_flush_deadline must be greater than 0s");
        }

        if (MinWalTime > MaxWalTime)
        {
            errors.Add("min_wal_time must be less than max_wal_time");
        }

        ScrapeConfig.CheckRelabelRules(HostFilterRelabelConfigs, "empty or null relabeling rule in host_filter_relabel_configs", errors);
        ApplyScrapeDefaults(global, errors);
        ApplyRemoteWriteDefaults(global, errors);
    }

    private void ApplyScrapeDefaults(GlobalConfig global, List<string> errors)
    {
        var jobNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sc in ScrapeConfigs)
        {
            if (sc is null)
            {
                errors.Add("empty or null scrape config section");
                continue;
            }

            sc.Validate(errors);

            // First the interval, then the timeout (explicit or inferred) is checked against it.
            if (sc.ScrapeInterval == PromDuration.Zero)
            {
                sc.ScrapeInterval = global.ScrapeInterval;
            }

            if (sc.ScrapeTimeout > sc.ScrapeInterval)
            {
                errors.Add($"scrape timeout greater than scrape interval for scrape config with job name \"{sc.JobName}\"");
            }

            // Skipped when the frequency itself is invalid: that is already reported and would make every job fail here.
            if (WalTruncateFrequency > Duration.Zero && sc.ScrapeInterval.Value > WalTruncateFrequency.Value)
            {
                errors.Add($"scrape interval greater than wal_truncate_frequency for scrape config with job name \"{sc.JobName}\"");
            }

            if (sc.ScrapeTimeout == PromDuration.Zero)
            {
                sc.ScrapeTimeout = global.ScrapeTimeout > sc.ScrapeInterval ? sc.ScrapeInterval : global.ScrapeTimeout;
            }

            sc.ApplyGlobalLimits(global);

            if (!jobNames.Add(sc.JobName))
            {
                errors.Add($"found multiple scrape configs with job name \"{sc.JobName}\"");
            }
        }
    }

    private void ApplyRemoteWriteDefaults(GlobalConfig global, List<string> errors)
    {
        if (RemoteWrite.Count == 0)
        {
            // Go shares the global entries between instances, so the first instance's generated name sticks to all of
            // them; each instance gets its own copy here. Global entries were checked once by GlobalConfig.ApplyDefaults.
            RemoteWrite = [.. global.RemoteWrite.Select(rw => rw?.Clone())];
        }
        else
        {
            foreach (var rw in RemoteWrite)
            {
                rw?.Validate(errors);
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rw in RemoteWrite)
        {
            if (rw is null)
            {
                errors.Add("empty or null remote write config section");
                continue;
            }

            // Prometheus leaves names empty; the agent needs one per queue for its metrics, unique across instances.
            var generated = false;
            if (string.IsNullOrEmpty(rw.Name))
            {
                rw.Name = Name + "-" + rw.ContentHash();
                generated = true;
            }

            if (!names.Add(rw.Name))
            {
                errors.Add(generated ? "found two identical remote_write configs" : $"found duplicate remote write configs with name \"{rw.Name}\"");
            }
        }
    }
}
