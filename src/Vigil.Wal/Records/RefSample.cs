namespace Vigil.Wal.Records;

/// <summary>A float sample: series reference, timestamp in milliseconds, value.</summary>
public readonly record struct RefSample(ulong Ref, long T, double V);
