namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>A decoded label: the name and value as ranges of the request body.</summary>
internal readonly record struct LabelRef(ByteRange Name, ByteRange Value);
