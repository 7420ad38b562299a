using Google.Protobuf;
using Snappier;
using Wire = Vigil.Metrics.Tests.RemoteWrite.Proto;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// Remote-write 1.0 bodies for the end-to-end tests, built with protoc-generated types and Snappier (not with Vigil's
/// own encoder): snappy block format around a <c>prompb.WriteRequest</c>.
/// </summary>
internal static class RemoteWriteWire
{
    /// <summary>The stale marker, exactly as Prometheus writes it.</summary>
    public const ulong StaleNaNBits = 0x7ff0000000000002;

    public static double StaleNaN => BitConverter.UInt64BitsToDouble(StaleNaNBits);

    public static Wire.TimeSeries Series(IEnumerable<(string Name, string Value)> labels, params (long T, double V)[] samples)
    {
        var ts = new Wire.TimeSeries();
        foreach (var (name, value) in labels)
        {
            ts.Labels.Add(new Wire.Label { Name = name, Value = value });
        }

        foreach (var (t, v) in samples)
        {
            ts.Samples.Add(new Wire.Sample { Timestamp = t, Value = v });
        }

        return ts;
    }

    public static byte[] Encode(IEnumerable<Wire.TimeSeries> series)
    {
        var request = new Wire.WriteRequest();
        request.Timeseries.AddRange(series);
        return Snappy.CompressToArray(request.ToByteArray());
    }

    public static Wire.WriteRequest Decode(byte[] compressed) =>
        Wire.WriteRequest.Parser.ParseFrom(Snappy.DecompressToArray(compressed));

    /// <summary>The labels of a series as <c>{a="1",b="2"}</c>, in the order they were sent.</summary>
    public static string Key(Wire.TimeSeries series) =>
        "{" + string.Join(',', series.Labels.Select(l => $"{l.Name}=\"{l.Value}\"")) + "}";
}
