namespace Vigil.Wal;

/// <summary>What a checkpoint kept and dropped.</summary>
public sealed record CheckpointStats
{
    public int DroppedSeries { get; set; }

    public int DroppedSamples { get; set; }

    public int DroppedTombstones { get; set; }

    public int DroppedExemplars { get; set; }

    public int DroppedMetadata { get; set; }

    public int TotalSeries { get; set; }

    public int TotalSamples { get; set; }

    public int TotalTombstones { get; set; }

    public int TotalExemplars { get; set; }

    public int TotalMetadata { get; set; }
}
