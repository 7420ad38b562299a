using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vigil.Common.Model;
using Vigil.Metrics.TextParse;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// One target's series cache and staleness tracker (Prometheus scrape.go scrapeCache @ v2.42). Series are keyed by
/// the raw series bytes of the page, so a steady target finds its ref and labels without building anything; series a
/// metric_relabel rule dropped are remembered the same way. Staleness is tracked on the entries themselves (the number of
/// the scrape that last exposed each one) instead of Prometheus' two per-target maps of the current and previous label
/// sets: those maps cost about a hundred bytes per series, and the answer is the same: a series exposed in the previous
/// scrape and not in this one is stale. Entries are structs inside the map, reached by reference: no object per series.
/// A reference returned by <see cref="TryGet"/> or <see cref="Add"/> is valid until the next <see cref="Add"/> or
/// <see cref="IterDone"/>. Not thread-safe: owned by one loop.
/// </summary>
internal sealed class ScrapeCache
{
    private readonly Dictionary<byte[], CacheEntry> _series = new(SeriesKeyComparer.Instance);
    private readonly Dictionary<byte[], CacheEntry>.AlternateLookup<ReadOnlySpan<byte>> _seriesLookup;
    private readonly Dictionary<byte[], long> _dropped = new(SeriesKeyComparer.Instance);
    private readonly Dictionary<byte[], long>.AlternateLookup<ReadOnlySpan<byte>> _droppedLookup;
    private readonly ScrapeMetrics _metrics;

    // Scrape numbers for staleness: entries stamped with _previous were exposed by the last completed scrape, entries
    // stamped with _current by this one. A number is not reused (it wraps after 2^32 scrapes, which only matters for
    // equality with a stamp that old), so an aborted scrape's stamps match neither; 0 is what a new entry holds.
    private int _numbers = 2;
    private int _previous = 1;
    private int _current = 2;

    // The last series of a replaced loop (a reload), until this loop's first scrape has diffed against them.
    private Dictionary<ulong, Labels>? _inherited;

    // Bumped after each successful, non-empty scrape: entries not seen in the last one are then evicted.
    private long _iter;
    private int _successfulCount;
    private int _countAfterLastFlush;

    public ScrapeCache(ScrapeMetrics metrics)
    {
        _metrics = metrics;
        _seriesLookup = _series.GetAlternateLookup<ReadOnlySpan<byte>>();
        _droppedLookup = _dropped.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Count => _series.Count;

    /// <summary>Finds a cached series and marks it seen in this iteration; a null reference when absent.</summary>
    public ref CacheEntry TryGet(ReadOnlySpan<byte> key)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_seriesLookup, key);
        if (!Unsafe.IsNullRef(ref entry))
        {
            entry.LastIter = _iter;
        }

        return ref entry;
    }

    public ref CacheEntry Add(ReadOnlySpan<byte> key, ulong seriesRef, Labels labels)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_seriesLookup, key, out _);
        entry = new CacheEntry { Ref = seriesRef, Labels = labels, LastIter = _iter };
        return ref entry;
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
    public void TrackStaleness(ref CacheEntry entry)
    {
        if (entry.Exposed != _current)
        {
            // Keep the stamp it replaces: after an aborted scrape it still tells that the previous one exposed it.
            entry.ExposedBefore = entry.Exposed;
            entry.Exposed = _current;
        }
    }

    /// <summary>Adds the series of the previous scrape that the current one did not expose.</summary>
    public void CollectStale(List<Labels> destination)
    {
        var first = destination.Count;
        foreach (var entry in _series.Values)
        {
            if (entry.Exposed == _previous || (entry.ExposedBefore == _previous && entry.Exposed != _current))
            {
                destination.Add(entry.Labels);
            }
        }

        if (destination.Count == first && _inherited is null)
        {
            // The steady state: nothing disappeared, nothing to allocate.
            return;
        }

        // Two page lines can relabel to one label set: it is stale only when no line exposes it any more, and it is
        // marked once. Rare enough (series went away) that building the set here costs nothing in steady state.
        var exposed = new HashSet<ulong>();
        foreach (var entry in _series.Values)
        {
            if (entry.Exposed == _current)
            {
                exposed.Add(entry.Labels.Hash());
            }
        }

        if (_inherited is not null)
        {
            destination.AddRange(_inherited.Values);
        }

        var kept = first;
        for (var i = first; i < destination.Count; i++)
        {
            if (exposed.Add(destination[i].Hash()))
            {
                destination[kept++] = destination[i];
            }
        }

        destination.RemoveRange(kept, destination.Count - kept);
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
            TrimWhenSettled();
        }

        _previous = _current;
        _current = ++_numbers;
        _inherited = null;
    }

    // A map grows by doubling, so a target's first scrape leaves it about half empty. Once two scrapes in a row had the
    // same number of series the map is shrunk to a snug size (one reallocation; a later growth doubles it again).
    private void TrimWhenSettled()
    {
        var count = _series.Count;
        if (count == _countAfterLastFlush && _series.EnsureCapacity(0) > count + (count / 2) + 16)
        {
            _series.TrimExcess(count + (count / 8));
        }

        _countAfterLastFlush = count;
    }

    /// <summary>A failed append: forget what it tracked, so the empty append that follows marks every previous series stale.</summary>
    public void AbortIteration() => _current = ++_numbers;

    /// <summary>The series of the last scrape, handed to the loop that replaces this one on a config reload.</summary>
    public Dictionary<ulong, Labels> PreviousSeries()
    {
        var previous = new Dictionary<ulong, Labels>(_inherited ?? []);
        foreach (var entry in _series.Values)
        {
            if (entry.Exposed == _previous || entry.ExposedBefore == _previous)
            {
                previous[entry.Labels.Hash()] = entry.Labels;
            }
        }

        return previous;
    }

    /// <summary>Continues from a replaced loop's last scrape, so its series are diffed instead of marked stale.</summary>
    public void SeedPrevious(Dictionary<ulong, Labels> previous) => _inherited = previous.Count > 0 ? previous : null;
}
