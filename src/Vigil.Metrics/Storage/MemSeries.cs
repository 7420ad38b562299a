using Vigil.Common.Model;

namespace Vigil.Metrics.Storage;

/// <summary>A series held in memory by the agent storage: its ref, labels and newest committed timestamp.</summary>
internal sealed class MemSeries
{
    private readonly Lock _lock = new();
    private long _lastTs;

    public MemSeries(ulong seriesRef, Labels labels, long lastTs)
    {
        Ref = seriesRef;
        Labels = labels;
        _lastTs = lastTs;
    }

    public ulong Ref { get; }

    public Labels Labels { get; }

    public long LastTs
    {
        get
        {
            lock (_lock)
            {
                return _lastTs;
            }
        }
    }

    /// <summary>Moves the newest timestamp forward; false when <paramref name="t"/> is older (an out-of-order sample).</summary>
    public bool UpdateTimestamp(long t)
    {
        lock (_lock)
        {
            if (t >= _lastTs)
            {
                _lastTs = t;
                return true;
            }

            return false;
        }
    }

    /// <summary>Replay only moves forward and never counts: the WAL may hold samples in any order.</summary>
    public void ReplayTimestamp(long t)
    {
        lock (_lock)
        {
            if (t > _lastTs)
            {
                _lastTs = t;
            }
        }
    }
}
