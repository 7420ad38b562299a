using Vigil.Common.Model;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// A cached series of one target: its storage ref, final labels, the last scrape iteration it was seen in, and the
/// numbers of the last two scrapes that exposed it (staleness, see <see cref="ScrapeCache"/>). A struct held inside the
/// cache's map and changed through references.
/// </summary>
internal struct CacheEntry
{
    public ulong Ref;

    /// <summary>The final labels; their hash is the staleness key, so a relabel change is seen as a different series.</summary>
    public Labels Labels;

    public long LastIter;

    public int Exposed;

    public int ExposedBefore;
}
