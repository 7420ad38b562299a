using System.Text.Json.Serialization;

namespace Vigil.Metrics.Api;

/// <summary>One entry of the targets API, fields in Grafana Agent's order (static-mode.md §1.4).</summary>
internal sealed record TargetInfo(
    [property: JsonPropertyName("instance")] string Instance,
    [property: JsonPropertyName("target_group")] string TargetGroup,
    [property: JsonPropertyName("endpoint")] string Endpoint,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("labels")] SortedDictionary<string, string> Labels,
    [property: JsonPropertyName("discovered_labels")] SortedDictionary<string, string> DiscoveredLabels,
    [property: JsonPropertyName("last_scrape")] string LastScrape,
    [property: JsonPropertyName("scrape_duration_ms")] long ScrapeDurationMs,
    [property: JsonPropertyName("scrape_error")] string ScrapeError);
