namespace Vigil.Metrics.Scrape;

/// <summary>
/// What appending one page produced, for the report series: samples on the page, samples left after relabeling, new
/// series, and the error that fails the scrape (parse error, limit, invalid series).
/// </summary>
internal readonly record struct AppendResult(int Total, int Added, int SeriesAdded, string? Error);
