namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>prompb <c>Histogram.ResetHint</c>; the numbers are the wire values.</summary>
internal enum HistogramResetHint
{
    Unknown = 0,
    Yes = 1,
    No = 2,
    Gauge = 3,
}
