namespace Vigil.Metrics.Scrape;

/// <summary>The health of a target after its last scrape (Prometheus <c>scrape.TargetHealth</c>).</summary>
public enum TargetHealth
{
    /// <summary>Not scraped yet.</summary>
    Unknown,

    Up,

    Down,
}
