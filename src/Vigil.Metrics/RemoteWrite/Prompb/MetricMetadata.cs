namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>prompb <c>MetricMetadata</c> (WriteRequest field 3).</summary>
internal sealed record MetricMetadata(MetricType Type, string MetricFamilyName, string Help, string Unit);
