namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>Which member of a prompb <c>Histogram</c> oneof (count, zero_count) is set: integer or float.</summary>
internal enum OneofCase : byte
{
    None = 0,
    Int = 1,
    Float = 2,
}
