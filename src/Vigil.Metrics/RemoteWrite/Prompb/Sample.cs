namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>prompb <c>Sample</c>: a float64 value at an int64 millisecond timestamp.</summary>
internal readonly record struct Sample(long Timestamp, double Value);
