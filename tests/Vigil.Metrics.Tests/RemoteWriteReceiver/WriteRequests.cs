using Google.Protobuf;
using Vigil.Metrics.RemoteWrite.Prompb;
using Wire = Vigil.Metrics.Tests.RemoteWrite.Proto;

namespace Vigil.Metrics.Tests.RemoteWriteReceiver;

/// <summary>Builds remote-write bodies (protoc-encoded, snappy block) with whatever labels a test needs, valid or not.</summary>
internal static class WriteRequests
{
    public static byte[] Body(params (string[] Labels, (long T, double V)[] Samples)[] series)
    {
        var request = new Wire.WriteRequest();
        foreach (var (labels, samples) in series)
        {
            var ts = new Wire.TimeSeries();
            for (var i = 0; i < labels.Length; i += 2)
            {
                ts.Labels.Add(new Wire.Label { Name = labels[i], Value = labels[i + 1] });
            }

            foreach (var (t, v) in samples)
            {
                ts.Samples.Add(new Wire.Sample { Timestamp = t, Value = v });
            }

            request.Timeseries.Add(ts);
        }

        return Compress(request.ToByteArray());
    }

    public static byte[] Compress(byte[] raw)
    {
        using var buffer = new PooledBuffer(16);
        SnappyBlock.Compress(raw, buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
