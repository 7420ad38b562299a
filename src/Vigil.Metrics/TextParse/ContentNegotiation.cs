namespace Vigil.Metrics.TextParse;

/// <summary>
/// What Prometheus asks for and how it reads the answer (scrape/scrape.go, 2.42): the <c>Accept</c> header
/// prefers OpenMetrics 1.0.0, then 0.0.1, then text 0.0.4, then anything; the parser is chosen from the
/// response's <c>Content-Type</c> media type, and anything unrecognised (or missing) is read as text 0.0.4.
/// </summary>
internal static class ContentNegotiation
{
    /// <summary>The Accept header sent on every scrape.</summary>
    public const string AcceptHeader =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /// <summary>The Accept header when OpenMetrics is disabled for the job (text only).</summary>
    public const string AcceptHeaderTextOnly = "text/plain;version=0.0.4;q=1,*/*;q=0.1";

    /// <summary>The media type that selects the OpenMetrics parser.</summary>
    public const string OpenMetricsMediaType = "application/openmetrics-text";

    /// <summary>True when <paramref name="contentType"/>'s media type is OpenMetrics (parameters ignored).</summary>
    public static bool IsOpenMetrics(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var semi = contentType.IndexOf(';', StringComparison.Ordinal);
        var media = (semi < 0 ? contentType : contentType[..semi]).Trim();
        return media.Equals(OpenMetricsMediaType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Creates the parser for a response body of the given content type.</summary>
    public static IExpositionParser CreateParser(string? contentType, ReadOnlyMemory<byte> page) =>
        IsOpenMetrics(contentType) ? new OpenMetricsParser(page) : new PromTextParser(page);
}
