namespace Vigil.Ctl.WalTools;

/// <summary>Statistics of a whole WAL (Grafana Agent waltools.WALStats).</summary>
internal sealed class WalStats
{
    /// <summary>Oldest sample timestamp in milliseconds; <see cref="long.MaxValue"/> when there is no sample.</summary>
    public long From { get; init; }

    /// <summary>Newest sample timestamp in milliseconds; 0 when there is no sample.</summary>
    public long To { get; init; }

    public int CheckpointNumber { get; init; }

    public int FirstSegment { get; init; }

    public int LastSegment { get; init; }

    /// <summary>Samples whose ref has no series record.</summary>
    public int InvalidRefs { get; init; }

    /// <summary>Label hashes that more than one ref was assigned to (a series that flapped, or a true collision).</summary>
    public int HashCollisions { get; init; }

    public IReadOnlyList<WalTargetStats> Targets { get; init; } = [];

    public int Series => Targets.Sum(t => t.Series);

    public int Samples => Targets.Sum(t => t.Samples);
}
