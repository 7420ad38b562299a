namespace Vigil.Metrics.Tests.Scrape;

/// <summary>The path and headers of one request.</summary>
internal sealed record ScrapeRequest(string PathAndQuery, IReadOnlyDictionary<string, string> Headers);
