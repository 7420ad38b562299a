using FsCheck.Xunit;
using Vigil.Metrics.RemoteWrite.Prompb;

namespace Vigil.Metrics.Tests.RemoteWrite.Prompb;

public sealed class PrompbDecoderTests
{
    [Property(MaxTest = 300)]
    public bool TryDecode_EncodedRandomRequest_RoundTripsUnchanged(int seed)
    {
        var request = RandomWriteRequests.Create(seed);
        var body = ProtoConversions.EncodeWithVigil(request);
        var decoded = new DecodedWriteRequest();

        var ok = PrompbDecoder.TryDecode(body, decoded, out var error);

        // Protoc's generated Equals compares doubles bit for bit, so NaN payloads (the stale marker) must survive.
        return ok && error is null && ProtoConversions.FromDecoded(decoded, body).Equals(request);
    }

    [Property(MaxTest = 500)]
    public bool TryDecode_RandomBytes_NeverThrows(byte[] body)
    {
        var decoded = new DecodedWriteRequest();
        var ok = PrompbDecoder.TryDecode(body ?? [], decoded, out var error);
        return ok == (error is null);
    }

    [Fact]
    public void TryDecode_EveryTruncation_ReturnsWithoutThrowing()
    {
        var body = ProtoConversions.EncodeWithVigil(RandomWriteRequests.Create(7));
        var decoded = new DecodedWriteRequest();
        for (var i = 0; i < body.Length; i++)
        {
            var ok = PrompbDecoder.TryDecode(body.AsSpan(0, i), decoded, out var error);
            Assert.Equal(ok, error is null);
        }
    }

    [Fact]
    public void TryDecode_ReusedDestination_StopsAllocating()
    {
        var body = ProtoConversions.EncodeWithVigil(RandomWriteRequests.Create(11));
        var decoded = new DecodedWriteRequest();
        Assert.True(PrompbDecoder.TryDecode(body, decoded, out _));
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(PrompbDecoder.TryDecode(body, decoded, out _));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData("0a", "truncated varint")]
    [InlineData("0a050a03", "runs past the end")]
    [InlineData("0801", "WriteRequest.timeseries: wire type 0, want 2")]
    [InlineData("0a020a80", "truncated varint")]
    [InlineData("ffffffffffffffffffff01", "overflows 64 bits")]
    [InlineData("80808080808080808080", "overflows 64 bits")]
    [InlineData("4b", "group wire type 3")]
    [InlineData("4f", "invalid wire type 7")]
    [InlineData("00", "invalid field number 0")]
    [InlineData("0a050a030a01ff", "Label.name: invalid UTF-8")]
    [InlineData("0a0412020900", "truncated fixed64")]
    [InlineData("0a0722055208000000", "runs past the end")]
    [InlineData("0a0722055203000000", "not a multiple of 8")]
    [InlineData("0a04120210ff", "truncated varint")]
    [InlineData("0a0412020801", "Sample.value: wire type 0, want 1")]
    [InlineData("1a020a00", "MetricMetadata.type: wire type 2, want 0")]
    [InlineData("0a0222020801", "runs past the end")]
    public void TryDecode_MalformedBody_ReturnsError(string hex, string expected)
    {
        var decoded = new DecodedWriteRequest();

        var ok = PrompbDecoder.TryDecode(ProtoConversions.Hex(hex), decoded, out var error);

        Assert.False(ok);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_UnknownFields_AreSkipped()
    {
        // WriteRequest field 2 (reserved) as varint, field 9 as fixed32 and fixed64, then one empty TimeSeries.
        var ok = PrompbDecoder.TryDecode(ProtoConversions.Hex("1001 4d01020304 49 0102030405060708 0a00"), new DecodedWriteRequest(), out var error);

        Assert.True(ok, error);
    }
}
