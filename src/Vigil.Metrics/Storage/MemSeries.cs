using Vigil.Common.Model;

namespace Vigil.Metrics.Storage;

/// <summary>A series held in memory by the agent storage: its ref, labels and newest committed timestamp.</summary>
internal sealed class MemSeries
{
    private long _lastTs;

    // The chain link of StripeSeries' by-hash index (a field, so the index can take a reference to it); read and written
    // only under the lock of its hash stripe.
    internal MemSeries? NextInHash;

    public MemSeries(ulong seriesRef, Labels labels, long lastTs)
    {
        Ref = seriesRef;
        Labels = labels;
        _lastTs = lastTs;
    }

    public ulong Ref { get; }

    public Labels Labels { get; }


    public long LastTs => Interlocked.Read(ref _lastTs);

    /// <summary>Moves the newest timestamp forward; false when <paramref name="t"/> is older (an out-of-order sample).</summary>
    public bool UpdateTimestamp(long t)
    {
        // A compare-and-swap maximum: no lock on the commit path.
        while (true)
        {
            var current = Interlocked.Read(ref _lastTs);
            if (t < current)
            {
                return false;
            }

            if (t == current || Interlocked.CompareExchange(ref _lastTs, t, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Replay only moves forward and never counts: the WAL may hold samples in any order.</summary>
    public void ReplayTimestamp(long t)
    {
        // Replay is single-threaded; a plain write is enough, and the storage publishes the series after replay.
        if (t > _lastTs)
        {
            _lastTs = t;
        }
    }
}
