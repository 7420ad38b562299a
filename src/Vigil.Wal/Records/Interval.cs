namespace Vigil.Wal.Records;

/// <summary>A closed time range in milliseconds.</summary>
public readonly record struct Interval(long MinT, long MaxT);
