namespace Vigil.Metrics.Scrape;

/// <summary>The outcome of a target's last scrape, swapped as a whole so readers never see half an update.</summary>
internal sealed record TargetState(TargetHealth Health, DateTimeOffset? LastScrape, TimeSpan LastScrapeDuration, string LastError)
{
    public static TargetState Initial { get; } = new(TargetHealth.Unknown, null, TimeSpan.Zero, string.Empty);
}
