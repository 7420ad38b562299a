using Vigil.Common.Model;

namespace Vigil.Metrics.Discovery.Targets;

/// <summary>
/// A target built from a discovered label set: <see cref="Labels"/> after relabelling and defaulting (empty when
/// relabelling dropped it), and <see cref="DiscoveredLabels"/> as discovery produced them, which the targets API shows.
/// </summary>
public sealed record ScrapeTarget(Labels Labels, Labels DiscoveredLabels)
{
    public bool Dropped => Labels.Count == 0;
}
