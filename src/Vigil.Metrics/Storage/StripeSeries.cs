using Vigil.Common.Model;

namespace Vigil.Metrics.Storage;

/// <summary>
/// The in-memory series index, lock-striped by ref and by label hash (Prometheus tsdb/agent stripeSeries). Unlike the Go
/// version, find-or-create is one atomic step, so two appenders never create two refs for one label set, and hash stripes
/// and ref stripes have separate locks, always taken hash first, so no two threads can wait on each other. The by-hash
/// index, consulted only for series a caller has no ref for, is a <see cref="SeriesIndex{TLink}"/> chained through the
/// series themselves (about 20 bytes per series, where a dictionary takes about 46); the by-ref index, hit once for
/// every appended sample, stays a dictionary, whose entries hold the key next to the value so that a lookup does not
/// touch the series objects of a chain.
/// </summary>
internal sealed class StripeSeries
{
    private readonly int _mask;
    private readonly Lock[] _hashLocks;
    private readonly Lock[] _refLocks;
    private readonly Dictionary<ulong, MemSeries>[] _series;
    private readonly SeriesIndex<HashLink>[] _hashes;
    private readonly Dictionary<ulong, Exemplar>[] _exemplars;

    public StripeSeries(int size)
    {
        if (size <= 0 || (size & (size - 1)) != 0)
        {
            throw new ArgumentException("stripe size must be a power of two", nameof(size));
        }

        _mask = size - 1;
        _hashLocks = new Lock[size];
        _refLocks = new Lock[size];
        _series = new Dictionary<ulong, MemSeries>[size];
        _hashes = new SeriesIndex<HashLink>[size];
        _exemplars = new Dictionary<ulong, Exemplar>[size];
        for (var i = 0; i < size; i++)
        {
            _hashLocks[i] = new Lock();
            _refLocks[i] = new Lock();
            _series[i] = [];
            _hashes[i] = new SeriesIndex<HashLink>();
            _exemplars[i] = [];
        }
    }

    public MemSeries? GetById(ulong seriesRef)
    {
        var i = (int)seriesRef & _mask;
        lock (_refLocks[i])
        {
            return _series[i].GetValueOrDefault(seriesRef);
        }
    }

    public MemSeries? GetByHash(ulong hash, Labels labels)
    {
        var i = (int)hash & _mask;
        lock (_hashLocks[i])
        {
            return Find(i, hash, labels);
        }
    }

    /// <summary>Returns the series with <paramref name="labels"/>, creating it with a ref from <paramref name="nextRef"/> when absent.</summary>
    public (MemSeries Series, bool Created) GetOrCreate(Labels labels, Func<ulong> nextRef, long lastTs)
    {
        var hash = labels.Hash();
        var h = (int)hash & _mask;
        lock (_hashLocks[h])
        {
            if (Find(h, hash, labels) is { } existing)
            {
                return (existing, false);
            }

            var series = new MemSeries(nextRef(), labels, lastTs);
            AddLocked(h, series);
            return (series, true);
        }
    }

    /// <summary>Adds a replayed series (its ref is known). Returns false when the ref already exists.</summary>
    public bool TryAdd(MemSeries series)
    {
        var hash = series.Labels.Hash();
        var h = (int)hash & _mask;
        lock (_hashLocks[h])
        {
            var r = (int)series.Ref & _mask;
            lock (_refLocks[r])
            {
                if (_series[r].ContainsKey(series.Ref))
                {
                    return false;
                }
            }

            AddLocked(h, series);
            return true;
        }
    }

    public Exemplar? GetLatestExemplar(ulong seriesRef)
    {
        var i = (int)seriesRef & _mask;
        lock (_refLocks[i])
        {
            return _exemplars[i].GetValueOrDefault(seriesRef);
        }
    }

    public void SetLatestExemplar(ulong seriesRef, Exemplar exemplar)
    {
        var i = (int)seriesRef & _mask;
        lock (_refLocks[i])
        {
            // Only live series keep an exemplar; one that was collected meanwhile has none.
            if (_series[i].ContainsKey(seriesRef))
            {
                _exemplars[i][seriesRef] = exemplar;
            }
        }
    }

    /// <summary>A point-in-time copy of every series.</summary>
    public List<MemSeries> All()
    {
        var all = new List<MemSeries>();
        for (var i = 0; i < _refLocks.Length; i++)
        {
            lock (_refLocks[i])
            {
                all.AddRange(_series[i].Values);
            }
        }

        return all;
    }

    /// <summary>Removes every series whose newest sample is older than <paramref name="mint"/> and returns their refs.</summary>
    public HashSet<ulong> Gc(long mint)
    {
        var deleted = new HashSet<ulong>();
        foreach (var candidate in All())
        {
            if (candidate.LastTs >= mint)
            {
                continue;
            }

            var hash = candidate.Labels.Hash();
            var h = (int)hash & _mask;
            var r = (int)candidate.Ref & _mask;
            lock (_hashLocks[h])
            {
                lock (_refLocks[r])
                {
                    // A write since the snapshot keeps the series alive.
                    if (candidate.LastTs >= mint || !_series[r].Remove(candidate.Ref))
                    {
                        continue;
                    }

                    _exemplars[r].Remove(candidate.Ref);
                    _hashes[h].Remove(candidate);

                    deleted.Add(candidate.Ref);
                }
            }
        }

        return deleted;
    }

    private MemSeries? Find(int stripe, ulong hash, Labels labels)
    {
        for (var s = _hashes[stripe].First(hash); s is not null; s = SeriesIndex<HashLink>.NextWithKey(s))
        {
            if (s.Labels.Equals(labels))
            {
                return s;
            }
        }

        return null;
    }

    // The hash stripe lock is held; the ref stripe lock is taken here.
    private void AddLocked(int h, MemSeries series)
    {
        _hashes[h].Add(series);
        var r = (int)series.Ref & _mask;
        lock (_refLocks[r])
        {
            _series[r][series.Ref] = series;
        }
    }
}
