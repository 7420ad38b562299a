namespace Vigil.Metrics.TextParse;

/// <summary>Metric family types of both text formats. <c>untyped</c> (text 0.0.4) maps to <see cref="Unknown"/>, as in Prometheus.</summary>
internal enum MetricType
{
    Unknown,
    Counter,
    Gauge,
    Histogram,
    GaugeHistogram,
    Summary,
    Info,
    Stateset,
}
