namespace Vigil.Wal.Records;

/// <summary>A float histogram sample.</summary>
public readonly record struct RefFloatHistogramSample(ulong Ref, long T, FloatHistogram FH);
