namespace Vigil.Metrics.Storage;

/// <summary>
/// A chained hash table of series whose chain links live in the series themselves (one stripe of
/// <see cref="StripeSeries"/>; the caller holds the stripe's lock). Written by hand rather than using a
/// <c>Dictionary</c> because memory per series is the point: a dictionary entry costs about 46 bytes per series and per
/// index at the fill it keeps, this table one bucket slot (8 to 16 bytes) plus the link field in the series. Keys are
/// mixed (MurmurHash3's 64-bit finalizer) before taking the top bits, since a stripe's keys all share the low bits that
/// chose the stripe and refs are consecutive.
/// </summary>
internal sealed class SeriesIndex<TLink>
    where TLink : ISeriesLink
{
    private MemSeries?[] _buckets = new MemSeries?[4];
    private int _shift = 62;

    public int Count { get; private set; }

    /// <summary>The first series of <paramref name="key"/>'s chain with that key; follow <see cref="NextWithKey"/> for more.</summary>
    public MemSeries? First(ulong key) => FromChain(_buckets[Bucket(key)], key);

    /// <summary>The next series after <paramref name="series"/> with the same key (label hashes can collide).</summary>
    public static MemSeries? NextWithKey(MemSeries series) => FromChain(TLink.Next(series), TLink.Key(series));

    public void Add(MemSeries series)
    {
        if (Count >= _buckets.Length)
        {
            Grow();
        }

        ref var head = ref _buckets[Bucket(TLink.Key(series))];
        TLink.Next(series) = head;
        head = series;
        Count++;
    }

    /// <summary>Unlinks <paramref name="series"/> (by identity); false when it is not in the table.</summary>
    public bool Remove(MemSeries series)
    {
        ref var link = ref _buckets[Bucket(TLink.Key(series))];
        while (link is not null)
        {
            if (ReferenceEquals(link, series))
            {
                link = TLink.Next(series);
                TLink.Next(series) = null;
                Count--;
                return true;
            }

            link = ref TLink.Next(link);
        }

        return false;
    }

    public void CopyTo(List<MemSeries> destination)
    {
        foreach (var head in _buckets)
        {
            for (var s = head; s is not null; s = TLink.Next(s))
            {
                destination.Add(s);
            }
        }
    }

    private static MemSeries? FromChain(MemSeries? s, ulong key)
    {
        while (s is not null && TLink.Key(s) != key)
        {
            s = TLink.Next(s);
        }

        return s;
    }

    private int Bucket(ulong key)
    {
        key ^= key >> 33;
        key *= 0xff51afd7ed558ccdUL;
        key ^= key >> 33;
        key *= 0xc4ceb9fe1a85ec53UL;
        key ^= key >> 33;
        return (int)(key >> _shift);
    }

    private void Grow()
    {
        var old = _buckets;
        _buckets = new MemSeries?[old.Length * 2];
        _shift--;
        foreach (var head in old)
        {
            var s = head;
            while (s is not null)
            {
                var next = TLink.Next(s);
                ref var bucket = ref _buckets[Bucket(TLink.Key(s))];
                TLink.Next(s) = bucket;
                bucket = s;
                s = next;
            }
        }
    }
}
