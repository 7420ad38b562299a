namespace Vigil.Wal.Records;

/// <summary>A run of consecutive buckets of a native histogram: gap from the previous span, then length.</summary>
public readonly record struct HistogramSpan(int Offset, uint Length);
