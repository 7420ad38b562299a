namespace Vigil.Server.Hosting;

/// <summary>
/// When the heap compactor collects. The garbage collector sweeps its oldest generation in place as long as it judges
/// the holes cheap to keep, and it may leave garbage promoted during a burst (an agent's start, a reload, a wave of new
/// targets: every new series brings parse and relabel garbage that outlives a young collection) uncollected for a long
/// time when little is allocated afterwards, as in an agent's steady state. Both keep memory committed that no live
/// object needs. The policy asks for one compacting collection when the heap in use grew by half since the last one
/// (the burst case), or when the committed memory exceeds the heap in use by more than a quarter of it beyond what
/// the last compaction left (the holes case); both with a floor, so small heaps are left alone.
/// </summary>
internal sealed class HeapCompactionPolicy(long floorBytes)
{
    private long _usedAfterLast;
    private long _slackAfterLast;

    /// <summary>True when a compacting collection is due, given the heap in use and the committed bytes now.</summary>
    public bool Due(long usedBytes, long committedBytes)
    {
        var grown = usedBytes - _usedAfterLast > Math.Max(floorBytes, _usedAfterLast / 2);
        var slack = committedBytes - usedBytes - _slackAfterLast;
        var holes = slack > Math.Max(floorBytes, usedBytes / 4);
        return grown || holes;
    }

    /// <summary>Records what a compacting collection left: the baseline the next decision compares against.</summary>
    public void Compacted(long usedBytes, long committedBytes)
    {
        _usedAfterLast = usedBytes;
        _slackAfterLast = Math.Max(0, committedBytes - usedBytes);
    }
}
