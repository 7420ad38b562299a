using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Vigil.Metrics.Relabel;

/// <summary>
/// The hashmod action's number: MD5 of the joined source values, the last 8 digest bytes read as a big-endian
/// unsigned 64-bit integer, modulo the modulus (prometheus model/relabel/relabel.go). Same input, same shard.
/// </summary>
internal static class HashMod
{
    public static ulong Compute(string value, ulong modulus)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var utf8 = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var n = Encoding.UTF8.GetBytes(value, utf8);
            Span<byte> digest = stackalloc byte[16];
            Md5.HashData(utf8[..n], digest);
            return BinaryPrimitives.ReadUInt64BigEndian(digest[8..]) % modulus;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
