namespace Vigil.Metrics.Scrape;

/// <summary>The manager-wide HTTP knobs every scrape request uses.</summary>
internal sealed record ScrapeHttpOptions(string UserAgent, bool DisableKeepAlives, TimeSpan IdleConnTimeout);
