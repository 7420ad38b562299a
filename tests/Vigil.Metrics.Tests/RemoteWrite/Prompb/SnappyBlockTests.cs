using FsCheck.Xunit;
using Vigil.Metrics.RemoteWrite.Prompb;

namespace Vigil.Metrics.Tests.RemoteWrite.Prompb;

public sealed class SnappyBlockTests
{
    // client_golang's decompression-bomb proof of concept: a 47-byte body declaring about 2.7 GB (ecosystem-notes §5.3).
    private const string ClientGolangBomb =
        "97eab4890a170a085f5f6e616d655f5f120b746573745f6d6574726963121009000000000000f03f10d48fc9b2a333";

    [Property(MaxTest = 200)]
    public bool Compress_ThenDecompress_GivesInputBack(byte[] input)
    {
        input ??= [];
        using var compressed = new PooledBuffer(16);
        using var decompressed = new PooledBuffer(16);
        SnappyBlock.Compress(input, compressed);
        return SnappyBlock.TryDecompress(compressed.WrittenSpan, decompressed, out _) && decompressed.WrittenSpan.SequenceEqual(input);
    }

    [Fact]
    public void TryDecompress_ClientGolangBomb_RejectedBeforeAllocating()
    {
        AssertRejectedCheaply(ProtoConversions.Hex(ClientGolangBomb), "exceeds the limit");
    }

    [Fact]
    public void TryDecompress_SevenBytesDeclaringOneGigabyte_RejectedBeforeAllocating()
    {
        // uvarint(1_000_000_000) is 5 bytes, then two bytes of nothing useful.
        var body = ProtoConversions.Hex("8094ebdc03" + "0000");
        Assert.Equal(7, body.Length);
        AssertRejectedCheaply(body, "decoded length 1000000000 exceeds the limit of 33554432 bytes");
    }

    [Theory]
    [InlineData("", "truncated length header")]
    [InlineData("80", "truncated length header")]
    [InlineData("ffffffffff0f", "invalid length header")]
    [InlineData("0500", "snappy:")]
    [InlineData("ff060000734e61505059", "snappy:")]
    public void TryDecompress_MalformedBlock_ReturnsError(string hex, string expected)
    {
        using var destination = new PooledBuffer();

        var ok = SnappyBlock.TryDecompress(ProtoConversions.Hex(hex), destination, out var error);

        Assert.False(ok);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecompress_DeclaredLengthAtLimit_IsAccepted()
    {
        var input = new byte[SnappyBlock.MaxDecodedLength];
        using var compressed = new PooledBuffer();
        using var decompressed = new PooledBuffer();
        SnappyBlock.Compress(input, compressed);

        Assert.True(SnappyBlock.TryDecompress(compressed.WrittenSpan, decompressed, out var error), error);
        Assert.Equal(input.Length, decompressed.Length);
    }

    private static void AssertRejectedCheaply(byte[] body, string expected)
    {
        using var destination = new PooledBuffer();
        var before = GC.GetAllocatedBytesForCurrentThread();

        var ok = SnappyBlock.TryDecompress(body, destination, out var error);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.False(ok);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
    }
}
