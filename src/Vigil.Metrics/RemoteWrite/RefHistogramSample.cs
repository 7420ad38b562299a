using Vigil.Metrics.RemoteWrite.Prompb;

namespace Vigil.Metrics.RemoteWrite;

/// <summary>A native histogram sample of the series <see cref="Ref"/>; the histogram object is not modified afterwards.</summary>
internal readonly record struct RefHistogramSample(ulong Ref, long T, NativeHistogram H);
