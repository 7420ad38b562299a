using System.Globalization;
using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>
/// The <c>metrics:</c> block (alias <c>prometheus:</c>), Grafana Agent's <c>metrics.Config</c>. A freshly constructed
/// instance holds every default; every key is <c>omitempty</c>, and <c>global</c>, <c>scraping_service</c> and
/// <c>scraping_service_client</c> are left out of the output while they equal their defaults, as in Go.
/// </summary>
[DefaultOnNull]
public sealed class MetricsConfig
{
    public const string DefaultWalDirectory = "data-agent/";
    public const string ModeShared = "shared";
    public const string ModeDistinct = "distinct";
    public static readonly Duration DefaultWalCleanupAge = Duration.FromHours(12);
    public static readonly Duration DefaultWalCleanupPeriod = Duration.FromMinutes(30);
    public static readonly Duration DefaultInstanceRestartBackoff = Duration.FromSeconds(5);

    [YamlMember(Alias = "global")]
    [OmitEmpty]
    public GlobalConfig Global { get; set; } = new();

    [YamlMember(Alias = "wal_directory")]
    [OmitEmpty]
    public string WalDirectory { get; set; } = DefaultWalDirectory;

    [YamlMember(Alias = "wal_cleanup_age")]
    [OmitEmpty]
    public Duration WalCleanupAge { get; set; } = DefaultWalCleanupAge;

    /// <summary>Zero turns the cleaner off.</summary>
    [YamlMember(Alias = "wal_cleanup_period")]
    [OmitEmpty]
    public Duration WalCleanupPeriod { get; set; } = DefaultWalCleanupPeriod;

    [YamlMember(Alias = "scraping_service")]
    [OmitEmpty]
    public ScrapingServiceConfig ScrapingService { get; set; } = new();

    [YamlMember(Alias = "scraping_service_client")]
    [OmitEmpty]
    public ScrapingServiceClientConfig ScrapingServiceClient { get; set; } = new();

    [YamlMember(Alias = "configs")]
    [OmitEmpty]
    public List<InstanceConfig> Configs { get; set; } = [];

    [YamlMember(Alias = "instance_restart_backoff")]
    [OmitEmpty]
    public Duration InstanceRestartBackoff { get; set; } = DefaultInstanceRestartBackoff;

    [YamlMember(Alias = "instance_mode")]
    [OmitEmpty]
    public string InstanceMode { get; set; } = ModeShared;

    [YamlMember(Alias = "http_disable_keepalives")]
    [OmitEmpty]
    public bool HttpDisableKeepAlives { get; set; }

    [YamlMember(Alias = "http_idle_conn_timeout")]
    [OmitEmpty]
    public Duration HttpIdleConnTimeout { get; set; }

    /// <summary>
    /// Applies defaults and validates exactly like Grafana Agent's <c>metrics.Config.ApplyDefaults</c> (plus the decode-time
    /// checks Go runs while reading the block) and <c>instance.Config.ApplyDefaults(global)</c> for each config. Appends
    /// every error found, not just the first, to <paramref name="errors"/>, in the Go agent's wording.
    /// </summary>
    public void ApplyDefaults(List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Global ??= new GlobalConfig();
        ScrapingService ??= new ScrapingServiceConfig();
        ScrapingServiceClient ??= new ScrapingServiceClientConfig();
        Configs ??= [];

        if (InstanceMode is not (ModeShared or ModeDistinct))
        {
            errors.Add($"unsupported instance_mode '{InstanceMode}'. supported values 'shared', 'distinct'");
        }

        ScrapingService.Client = ScrapingServiceClient;
        ScrapingService.Validate(errors);
        ScrapingServiceClient.Validate(errors);
        Global.ApplyDefaults(errors);

        var needWal = Configs.Count > 0 || ScrapingService.Enabled;
        if (needWal && string.IsNullOrEmpty(WalDirectory))
        {
            errors.Add("no wal_directory configured");
        }

        if (ScrapingService.Enabled && Configs.Count > 0)
        {
            errors.Add("cannot use configs when scraping_service mode is enabled");
        }

        Global.DisableKeepAlives = HttpDisableKeepAlives;
        Global.IdleConnTimeout = HttpIdleConnTimeout;
        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Configs.Count; i++)
        {
            var instance = Configs[i] ?? new InstanceConfig();
            Configs[i] = instance;
            var name = instance.Name;
            var instanceErrors = new List<string>();
            instance.ApplyDefaults(Global, instanceErrors);

            // Show a helpful name in the error: the instance's own, or its position when it has none.
            var label = string.IsNullOrEmpty(name) ? string.Create(CultureInfo.InvariantCulture, $"at index {i}") : name;
            foreach (var error in instanceErrors)
            {
                errors.Add($"error validating instance {label}: {error}");
            }

            if (!string.IsNullOrEmpty(name) && !usedNames.Add(name))
            {
                errors.Add($"prometheus instance names must be unique. found multiple instances with name {name}");
            }
        }
    }
}
