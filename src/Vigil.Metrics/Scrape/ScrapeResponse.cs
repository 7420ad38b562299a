using Vigil.Metrics.TextParse;

namespace Vigil.Metrics.Scrape;

/// <summary>One scrape's outcome: the body and its content type, or the error that fails the scrape.</summary>
internal readonly record struct ScrapeResponse(ScrapeBody? Body, string? ContentType, string? Error)
{
    public static ScrapeResponse Failed(string error) => new(null, null, error);
}
