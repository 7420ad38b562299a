namespace Vigil.Wal.Records;

/// <summary>A deleted time range of a series (a tombstone). Encoded as one entry per interval.</summary>
public readonly record struct Stone(ulong Ref, Interval Interval);
