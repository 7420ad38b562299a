namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>prompb <c>MetricMetadata.MetricType</c>; the numbers are the wire values.</summary>
internal enum MetricType
{
    Unknown = 0,
    Counter = 1,
    Gauge = 2,
    Histogram = 3,
    GaugeHistogram = 4,
    Summary = 5,
    Info = 6,
    StateSet = 7,
}
