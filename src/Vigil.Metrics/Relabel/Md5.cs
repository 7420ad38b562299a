using System.Buffers.Binary;
using System.Numerics;

namespace Vigil.Metrics.Relabel;

/// <summary>
/// A small managed MD5 (RFC 1321) for hashmod. The platform's MD5 goes through OpenSSL on Linux, whose per-call
/// overhead is several times the cost of hashing a short label value; this is checked against it in tests.
/// MD5 is used here only as Prometheus' sharding function, never for security.
/// </summary>
internal static class Md5
{
    private static readonly uint[] K = BuildK();

    private static readonly int[] S =
    [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];

    /// <summary>Writes the 16-byte digest of <paramref name="data"/> into <paramref name="digest"/>.</summary>
    public static void HashData(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        uint a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;
        var full = data.Length / 64 * 64;
        for (var off = 0; off < full; off += 64)
        {
            Block(data.Slice(off, 64), ref a0, ref b0, ref c0, ref d0);
        }

        // Final block(s): the tail, 0x80, zero padding, then the bit length little-endian.
        Span<byte> tail = stackalloc byte[128];
        tail.Clear();
        var rest = data[full..];
        rest.CopyTo(tail);
        tail[rest.Length] = 0x80;
        var tailLength = rest.Length + 9 <= 64 ? 64 : 128;
        BinaryPrimitives.WriteUInt64LittleEndian(tail[(tailLength - 8)..], (ulong)data.Length * 8);
        for (var off = 0; off < tailLength; off += 64)
        {
            Block(tail.Slice(off, 64), ref a0, ref b0, ref c0, ref d0);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(digest, a0);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[4..], b0);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[8..], c0);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[12..], d0);
    }

    private static void Block(ReadOnlySpan<byte> block, ref uint a0, ref uint b0, ref uint c0, ref uint d0)
    {
        Span<uint> m = stackalloc uint[16];
        for (var i = 0; i < 16; i++)
        {
            m[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(4 * i)..]);
        }

        uint a = a0, b = b0, c = c0, d = d0;
        for (var i = 0; i < 64; i++)
        {
            uint f;
            int g;
            switch (i >> 4)
            {
                case 0:
                    f = (b & c) | (~b & d);
                    g = i;
                    break;
                case 1:
                    f = (d & b) | (~d & c);
                    g = ((5 * i) + 1) & 15;
                    break;
                case 2:
                    f = b ^ c ^ d;
                    g = ((3 * i) + 5) & 15;
                    break;
                default:
                    f = c ^ (b | ~d);
                    g = (7 * i) & 15;
                    break;
            }

            f = f + a + K[i] + m[g];
            a = d;
            d = c;
            c = b;
            b += BitOperations.RotateLeft(f, S[i]);
        }

        a0 += a;
        b0 += b;
        c0 += c;
        d0 += d;
    }

    private static uint[] BuildK()
    {
        var k = new uint[64];
        for (var i = 0; i < 64; i++)
        {
            k[i] = (uint)(long)Math.Floor(Math.Abs(Math.Sin(i + 1)) * 4294967296.0);
        }

        return k;
    }
}
