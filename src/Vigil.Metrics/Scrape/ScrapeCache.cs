using System.Diagnostics.CodeAnalysis;
using Vigil.Common.Model;
using Vigil.Metrics.TextParse;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// One target's series cache and staleness tracker (Prometheus scrape.go scrapeCache @ v2.42). Series are keyed by
/// the raw series bytes of the page, so a steady target finds its ref and labels without building anything; series a
/// metric_relabel rule dropped are remembered the same way. The final label sets seen in the current and the previous
/// scrape are kept, so that a series missing now can be marked stale. Not thread-safe: owned by one loop.
/// </summary>
internal sealed class ScrapeCache
{
    private readonly Dictionary<byte[], CacheEntry> _series = new(SeriesKeyComparer.Instance);
    private readonly Dictionary<byte[], CacheEntry>.AlternateLookup<ReadOnlySpan<byte>> _seriesLookup;
    private readonly Dictionary<byte[], long> _dropped = new(SeriesKeyComparer.Instance);
    private readonly Dictionary<byte[], long>.AlternateLookup<ReadOnlySpan<byte>> _droppedLookup;
    private readonly ScrapeMetrics _metrics;
    private Dictionary<ulong, Labels> _seriesCur = [];
    private Dictionary<ulong, Labels> _seriesPrev = [];

    // Bumped after each successful, non-empty scrape: entries not seen in the last one are then evicted.
    private long _iter;
    private int _successfulCount;

    public ScrapeCache(ScrapeMetrics metrics)
    {
        _metrics = metrics;
        _seriesLookup = _series.GetAlternateLookup<ReadOnlySpan<byte>>();
        _droppedLookup = _dropped.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Count => _series.Count;

    /// <summary>Finds a cached series and marks it seen in this iteration.</summary>
    public bool TryGet(ReadOnlySpan<byte> key, [NotNullWhen(true)] out CacheEntry? entry)
    {
        if (_seriesLookup.TryGetValue(key, out entry))
        {
            entry.LastIter = _iter;
            return true;
        }

        return false;
    }

    public CacheEntry Add(ReadOnlySpan<byte> key, ulong seriesRef, Labels labels)
    {
        var entry = new CacheEntry(seriesRef, labels, _iter);
        _seriesLookup[key] = entry;
        return entry;
    }

    /// <summary>True when relabeling dropped this series before; marks it seen.</summary>
    public bool IsDropped(ReadOnlySpan<byte> key)
    {
        if (!_droppedLookup.ContainsKey(key))
        {
            return false;
        }

        _droppedLookup[key] = _iter;
        return true;
    }

    public void AddDropped(ReadOnlySpan<byte> key) => _droppedLookup[key] = _iter;

    /// <summary>Records that the series was exposed (without an explicit timestamp) in the current scrape.</summary>
    public void TrackStaleness(CacheEntry entry) => _seriesCur[entry.Hash] = entry.Labels;

    /// <summary>Adds the series of the previous scrape that the current one did not expose.</summary>
    public void CollectStale(List<Labels> destination)
    {
        foreach (var (hash, labels) in _seriesPrev)
        {
            if (!_seriesCur.ContainsKey(hash))
            {
                destination.Add(labels);
            }
        }
    }

    /// <summary>
    /// Ends a scrape (Prometheus <c>iterDone</c>): evicts entries unseen in it when <paramref name="flushCache"/> (a
    /// successful, non-empty scrape) or when failing scrapes let the cache grow too big, then makes the current
    /// series the previous ones.
    /// </summary>
    public void IterDone(bool flushCache)
    {
        var count = _series.Count + _dropped.Count;
        if (flushCache)
        {
            _successfulCount = count;
        }
        else if (count > (_successfulCount * 2) + 1000)
        {
            flushCache = true;
            _metrics.CacheFlushForced.Inc();
        }

        if (flushCache)
        {
            foreach (var (key, entry) in _series)
            {
                if (entry.LastIter != _iter)
                {
                    _series.Remove(key);
                }
            }

            foreach (var (key, iter) in _dropped)
            {
                if (iter != _iter)
                {
                    _dropped.Remove(key);
                }
            }

            _iter++;
        }

        (_seriesPrev, _seriesCur) = (_seriesCur, _seriesPrev);
        _seriesCur.Clear();
    }

    /// <summary>A failed append: forget what it tracked, so the empty append that follows marks every previous series stale.</summary>
    public void AbortIteration() => _seriesCur.Clear();

    /// <summary>The series of the last scrape, handed to the loop that replaces this one on a config reload.</summary>
    public Dictionary<ulong, Labels> PreviousSeries => _seriesPrev;

    /// <summary>Continues from a replaced loop's last scrape, so its series are diffed instead of marked stale.</summary>
    public void SeedPrevious(Dictionary<ulong, Labels> previous)
    {
        _seriesPrev.Clear();
        foreach (var (hash, labels) in previous)
        {
            _seriesPrev[hash] = labels;
        }
    }
}
