using Vigil.Metrics.Config;
using Vigil.Metrics.Relabel;
using Vigil.Metrics.TextParse;

namespace Vigil.Metrics.Scrape;

/// <summary>The runtime view of one job's scrape config that the pool's loops share; immutable, rebuilt on reload.</summary>
internal sealed record ScrapeSettings
{
    /// <summary>
    /// Read cap when <c>body_size_limit</c> is unset. Prometheus has none (only scrape_timeout ends an endless body);
    /// a cap keeps one hostile target from taking the agent's memory.
    /// </summary>
    public const long HardBodySizeLimit = 256L * 1024 * 1024;

    public required string JobName { get; init; }

    public required TimeSpan Interval { get; init; }

    public required TimeSpan Timeout { get; init; }

    public bool HonorLabels { get; init; }

    public bool HonorTimestamps { get; init; } = true;

    public bool TrackTimestampsStaleness { get; init; }

    /// <summary>The limits checked per scrape; <see cref="ScrapeLimits.BodySizeLimit"/> is the configured one (0 = none).</summary>
    public ScrapeLimits Limits { get; init; } = ScrapeLimits.None;

    /// <summary>The limits used to read the body: the configured body limit, or <see cref="HardBodySizeLimit"/>.</summary>
    public ScrapeLimits ReadLimits { get; init; } = ScrapeLimits.None;

    public IReadOnlyList<RelabelRule> MetricRelabelRules { get; init; } = [];

    public IReadOnlyDictionary<string, List<string>> Params { get; init; } = new Dictionary<string, List<string>>();

    public string AcceptHeader { get; init; } = ContentNegotiation.AcceptHeader;

    public bool EnableHttp2 { get; init; } = true;

    public uint TargetLimit { get; init; }

    public uint KeepDroppedTargets { get; init; }

    public static ScrapeSettings From(ScrapeConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var limits = new ScrapeLimits(
            config.BodySizeLimit.Bytes,
            (int)Math.Min(config.SampleLimit, int.MaxValue),
            (int)Math.Min(config.LabelLimit, int.MaxValue),
            (int)Math.Min(config.LabelNameLengthLimit, int.MaxValue),
            (int)Math.Min(config.LabelValueLengthLimit, int.MaxValue));
        return new ScrapeSettings
        {
            JobName = config.JobName,
            Interval = config.ScrapeInterval.Value,
            Timeout = config.ScrapeTimeout.Value,
            HonorLabels = config.HonorLabels,
            HonorTimestamps = config.HonorTimestamps,
            TrackTimestampsStaleness = config.TrackTimestampsStaleness,
            Limits = limits,
            ReadLimits = limits with { BodySizeLimit = limits.BodySizeLimit > 0 ? limits.BodySizeLimit : HardBodySizeLimit },
            MetricRelabelRules = config.MetricRelabelConfigs.OfType<RelabelConfig>().Select(RelabelRule.Compile).ToArray(),
            Params = config.Params,
            EnableHttp2 = config.EnableHttp2,
            TargetLimit = config.TargetLimit,
            KeepDroppedTargets = config.KeepDroppedTargets,
        };
    }
}
