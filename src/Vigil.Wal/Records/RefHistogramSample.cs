namespace Vigil.Wal.Records;

/// <summary>An integer histogram sample.</summary>
public readonly record struct RefHistogramSample(ulong Ref, long T, Histogram H);
