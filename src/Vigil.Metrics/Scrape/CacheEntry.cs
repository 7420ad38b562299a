using Vigil.Common.Model;

namespace Vigil.Metrics.Scrape;

/// <summary>A cached series of one target: its storage ref, final labels, and the last scrape iteration it was seen in.</summary>
internal sealed class CacheEntry(ulong seriesRef, Labels labels, long lastIter)
{
    public ulong Ref { get; set; } = seriesRef;

    public Labels Labels { get; } = labels;

    /// <summary>The staleness key: the hash of the final labels, so a relabel change is seen as a different series.</summary>
    public ulong Hash { get; } = labels.Hash();

    public long LastIter { get; set; } = lastIter;
}
