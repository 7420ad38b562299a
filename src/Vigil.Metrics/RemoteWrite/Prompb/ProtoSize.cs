using System.Numerics;
using System.Text;

namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>Encoded sizes of protobuf scalars, so that every length prefix is known before a message is written.</summary>
internal static class ProtoSize
{
    public static int Varint(ulong value) => ((BitOperations.Log2(value | 1) * 9) + 73) / 64;

    /// <summary>An int64/int32 field: negative values take the full ten bytes, as the protobuf spec requires.</summary>
    public static int Int64(long value) => Varint((ulong)value);

    public static int ZigZag(long value) => Varint(ZigZagEncode(value));

    public static ulong ZigZagEncode(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static long ZigZagDecode(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    /// <summary>A length-delimited field's payload plus its one-byte tag and length prefix.</summary>
    public static int Delimited(int payload) => 1 + Varint((ulong)payload) + payload;

    public static int String(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        return Delimited(Encoding.UTF8.GetByteCount(value));
    }
}
