namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>A decoded MetricMetadata; strings are ranges of the request body.</summary>
internal record struct DecodedMetadata(MetricType Type, ByteRange MetricFamilyName, ByteRange Help, ByteRange Unit);
