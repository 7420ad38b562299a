namespace Vigil.Metrics.RemoteWrite;

/// <summary>A float sample of the series <see cref="Ref"/>: millisecond timestamp and value.</summary>
internal readonly record struct RefSample(ulong Ref, long T, double V);
