using Vigil.Common.Model;
using Vigil.Common.Time;
using Vigil.Metrics.Config;
using Vigil.Metrics.Relabel;

namespace Vigil.Metrics.Discovery.Targets;

/// <summary>
/// Turns discovered groups into scrape targets the way Prometheus' <c>TargetsFromGroup</c>/<c>PopulateLabels</c> do:
/// target labels over group labels, the scrape defaults (<c>job</c>, <c>__scheme__</c>, <c>__metrics_path__</c>,
/// <c>__scrape_interval__</c>, <c>__scrape_timeout__</c>, <c>__param_*</c>) where unset, relabel_configs, the default
/// port for the scheme, <c>__meta_*</c> removal and <c>instance</c> defaulting to the address.
/// </summary>
internal sealed class TargetBuilder
{
    public const string AddressLabel = "__address__";
    public const string SchemeLabel = "__scheme__";
    public const string MetricsPathLabel = "__metrics_path__";
    public const string ScrapeIntervalLabel = "__scrape_interval__";
    public const string ScrapeTimeoutLabel = "__scrape_timeout__";
    public const string ParamLabelPrefix = "__param_";
    public const string MetaLabelPrefix = "__meta_";
    public const string JobLabel = "job";
    public const string InstanceLabel = "instance";

    private readonly ScrapeConfig _config;
    private readonly IReadOnlyList<RelabelRule> _rules;

    /// <param name="config">A validated scrape config whose interval and timeout were defaulted from the global block.</param>
    public TargetBuilder(ScrapeConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _rules = config.RelabelConfigs.OfType<RelabelConfig>().Select(RelabelRule.Compile).ToArray();
    }

    public TargetBuildResult FromGroup(TargetGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var targets = new List<ScrapeTarget>(group.Targets.Count);
        var failures = new List<string>();
        var lb = new LabelsBuilder();
        for (var i = 0; i < group.Targets.Count; i++)
        {
            lb.Reset(group.Targets[i]);
            foreach (var label in group.Labels.AsSpan())
            {
                if (!group.Targets[i].Has(label.Name))
                {
                    lb.Set(label.Name, label.Value);
                }
            }

            var (labels, discovered, error) = Populate(lb);
            if (error is not null)
            {
                failures.Add($"instance {i} in group {group.Source}: {error}");
            }

            if (labels.Count > 0 || discovered.Count > 0)
            {
                targets.Add(new ScrapeTarget(labels, discovered));
            }
        }

        return new TargetBuildResult(targets, failures);
    }

    /// <summary>
    /// Prometheus' <c>PopulateLabels</c>: the final labels (empty when dropped or invalid), the labels before relabelling
    /// (empty when invalid) and the reason a target is invalid.
    /// </summary>
    internal (Labels Labels, Labels Discovered, string? Error) Populate(LabelsBuilder lb)
    {
        SetIfEmpty(lb, JobLabel, _config.JobName);
        SetIfEmpty(lb, ScrapeIntervalLabel, _config.ScrapeInterval.ToString());
        SetIfEmpty(lb, ScrapeTimeoutLabel, _config.ScrapeTimeout.ToString());
        SetIfEmpty(lb, MetricsPathLabel, _config.MetricsPath);
        SetIfEmpty(lb, SchemeLabel, _config.Scheme);
        foreach (var (name, values) in _config.Params)
        {
            if (values.Count > 0)
            {
                SetIfEmpty(lb, ParamLabelPrefix + name, values[0]);
            }
        }

        var discovered = lb.Build();
        if (!Relabeler.Process(lb, _rules))
        {
            return (Labels.Empty, discovered, null);
        }

        var address = lb.Get(AddressLabel);
        if (address.Length == 0)
        {
            return (Labels.Empty, Labels.Empty, "no address");
        }

        if (NeedsPort(address))
        {
            switch (lb.Get(SchemeLabel))
            {
                case "http" or "":
                    address += ":80";
                    break;
                case "https":
                    address += ":443";
                    break;
                default:
                    return (Labels.Empty, Labels.Empty, $"invalid scheme: \"{_config.Scheme}\"");
            }

            lb.Set(AddressLabel, address);
        }

        if (address.Contains('/', StringComparison.Ordinal))
        {
            return (Labels.Empty, Labels.Empty, $"\"{address}\" is not a valid hostname");
        }

        if (CheckDuration(lb.Get(ScrapeIntervalLabel), "interval", out var interval) is { } intervalError)
        {
            return (Labels.Empty, Labels.Empty, intervalError);
        }

        if (CheckDuration(lb.Get(ScrapeTimeoutLabel), "timeout", out var timeout) is { } timeoutError)
        {
            return (Labels.Empty, Labels.Empty, timeoutError);
        }

        if (timeout > interval)
        {
            return (Labels.Empty, Labels.Empty,
                $"scrape timeout cannot be greater than scrape interval (\"{lb.Get(ScrapeTimeoutLabel)}\" > \"{lb.Get(ScrapeIntervalLabel)}\")");
        }

        foreach (var label in lb.Build().AsSpan())
        {
            if (label.Name.StartsWith(MetaLabelPrefix, StringComparison.Ordinal))
            {
                lb.Del(label.Name);
            }
        }

        SetIfEmpty(lb, InstanceLabel, address);

        // Label values are .NET strings decoded from UTF-8 already, so Prometheus' UTF-8 validity check cannot fail here.
        return (lb.Build(), discovered, null);
    }

    /// <summary>Go's "would <c>net.SplitHostPort</c> fail now but succeed with a port appended" test.</summary>
    internal static bool NeedsPort(string address) => !CanSplitHostPort(address) && CanSplitHostPort(address + ":1234");

    private static bool CanSplitHostPort(string s)
    {
        var colon = s.LastIndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        string host;
        if (s.StartsWith('['))
        {
            var end = s.IndexOf(']', StringComparison.Ordinal);
            if (end < 0 || end + 1 != colon)
            {
                return false;
            }

            host = s[1..end];
        }
        else
        {
            host = s[..colon];
            if (host.Contains(':', StringComparison.Ordinal))
            {
                return false;
            }
        }

        return host.IndexOfAny(['[', ']']) < 0 && s.AsSpan(colon + 1).IndexOfAny('[', ']') < 0;
    }

    private static string? CheckDuration(string text, string what, out TimeSpan value)
    {
        if (!GoDuration.TryParseProm(text, out value, out var error))
        {
            return $"error parsing scrape {what}: {error}";
        }

        return value == TimeSpan.Zero ? $"scrape {what} cannot be 0" : null;
    }

    private static void SetIfEmpty(LabelsBuilder lb, string name, string value)
    {
        if (lb.Get(name).Length == 0)
        {
            lb.Set(name, value);
        }
    }
}
