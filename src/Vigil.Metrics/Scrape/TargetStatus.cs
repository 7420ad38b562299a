using Vigil.Common.Model;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// What the targets API shows for one active target (Prometheus <c>scrape.Target</c> as read by <c>TargetsActive</c>).
/// </summary>
/// <param name="Labels">The final target labels without the <c>__</c>-prefixed ones (Prometheus <c>Target.Labels()</c>).</param>
/// <param name="DiscoveredLabels">The labels as discovery produced them, before relabeling.</param>
/// <param name="ScrapeUrl">The full URL: scheme, address, metrics path and params.</param>
/// <param name="LastScrape">When the last scrape started; null when the target was never scraped.</param>
/// <param name="LastError">Empty when the last scrape succeeded.</param>
public sealed record TargetStatus(
    Labels Labels,
    Labels DiscoveredLabels,
    string ScrapeUrl,
    TargetHealth Health,
    DateTimeOffset? LastScrape,
    TimeSpan LastScrapeDuration,
    string LastError);
