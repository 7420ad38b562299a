using FsCheck.Xunit;
using Vigil.Common.Model;
using Vigil.Metrics.RemoteWrite.Prompb;
using Wire = Vigil.Metrics.Tests.RemoteWrite.Proto;

namespace Vigil.Metrics.Tests.RemoteWrite.Prompb;

public sealed class PrompbEncoderTests
{
    [Property(MaxTest = 300)]
    public bool Encode_RandomRequest_MatchesProtocBytes(int seed)
    {
        var request = RandomWriteRequests.Create(seed);
        return ProtoConversions.EncodeWithVigil(request).AsSpan().SequenceEqual(ProtoConversions.ProtocBytes(request));
    }

    [Fact]
    public void Encode_OneSample_GivesKnownBytes()
    {
        using var buffer = new PooledBuffer();
        var labels = PrompbEncoder.EncodeLabels([new Label("__name__", "up"), new Label("job", "a")]);
        var sample = new Sample(1000, 1);
        PrompbEncoder.WriteTimeSeries(buffer, labels, new ReadOnlySpan<Sample>(in sample), default, default);

        // TimeSeries{labels: [{__name__, up}, {job, a}], samples: [{1.0, 1000}]}, checked by hand against the wire rules.
        const string Expected =
            "0a28" + "0a0e" + "0a085f5f6e616d655f5f" + "1202" + "7570" + "0a08" + "0a036a6f62" + "120161" +
            "120c" + "09000000000000f03f" + "10e807";
        Assert.Equal(Expected, Convert.ToHexStringLower(buffer.WrittenSpan));
    }

    [Fact]
    public void Encode_StaleMarker_KeepsNaNPayloadBits()
    {
        var request = new Wire.WriteRequest();
        var series = new Wire.TimeSeries();
        series.Labels.Add(new Wire.Label { Name = "__name__", Value = "x" });
        series.Samples.Add(new Wire.Sample { Value = BitConverter.UInt64BitsToDouble(RandomWriteRequests.StaleNaNBits), Timestamp = 1 });
        request.Timeseries.Add(series);

        var bytes = ProtoConversions.EncodeWithVigil(request);

        Assert.EndsWith("120b" + "09" + "020000000000f07f" + "1001", Convert.ToHexStringLower(bytes), StringComparison.Ordinal);
        Assert.Equal(ProtoConversions.ProtocBytes(request), bytes);
    }

    [Fact]
    public void Encode_SteadyState_AllocatesNothing()
    {
        using var buffer = new PooledBuffer();
        var labels = PrompbEncoder.EncodeLabels([new Label("__name__", "metric"), new Label("instance", "host:9100")]);
        Run();
        buffer.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void Run()
        {
            for (var i = 0; i < 2000; i++)
            {
                var sample = new Sample(1_700_000_000_000 + i, i * 1.5);
                PrompbEncoder.WriteTimeSeries(buffer, labels, new ReadOnlySpan<Sample>(in sample), default, default);
            }
        }
    }
}
