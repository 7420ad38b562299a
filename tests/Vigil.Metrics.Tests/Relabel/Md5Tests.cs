using FsCheck.Xunit;
using Vigil.Metrics.Relabel;

namespace Vigil.Metrics.Tests.Relabel;

public sealed class Md5Tests
{
    [Theory]
    [InlineData("", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("a", "0cc175b9c0f1b6a831c399e269772661")]
    [InlineData("abc", "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("message digest", "f96b697d7cb7938d525a2f31aaf161d0")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a")]
    public void HashData_Rfc1321Vectors(string input, string hex)
    {
        Span<byte> digest = stackalloc byte[16];
        Md5.HashData(System.Text.Encoding.ASCII.GetBytes(input), digest);
        Assert.Equal(hex, Convert.ToHexStringLower(digest));
    }

    [Property(MaxTest = 300)]
    public bool HashData_SameAsPlatformMd5(byte[] data)
    {
        Span<byte> digest = stackalloc byte[16];
        Md5.HashData(data, digest);
#pragma warning disable CA5351 // MD5 is Prometheus' sharding function here, not a security primitive.
        return digest.SequenceEqual(System.Security.Cryptography.MD5.HashData(data));
#pragma warning restore CA5351
    }

    [Fact]
    public void HashData_EveryLengthAroundBlockBoundaries_SameAsPlatform()
    {
        var digest = new byte[16];
        for (var n = 0; n < 200; n++)
        {
            var data = Enumerable.Range(0, n).Select(i => (byte)(i * 7)).ToArray();
            Md5.HashData(data, digest);
#pragma warning disable CA5351
            Assert.True(digest.SequenceEqual(System.Security.Cryptography.MD5.HashData(data)), $"length {n}");
#pragma warning restore CA5351
        }
    }
}
