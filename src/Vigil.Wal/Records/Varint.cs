namespace Vigil.Wal.Records;

/// <summary>Go's encoding/binary varints: unsigned LEB128, and signed zig-zag on top of it.</summary>
public static class Varint
{
    public const int MaxLength = 10;

    public static int WriteUvarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    public static int WriteVarint(Span<byte> destination, long value) =>
        WriteUvarint(destination, (ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Reads an unsigned varint; returns the bytes consumed, 0 when the input ends, -1 on overflow.</summary>
    public static int ReadUvarint(ReadOnlySpan<byte> source, out ulong value)
    {
        value = 0;
        var shift = 0;
        for (var i = 0; i < source.Length && i < MaxLength; i++)
        {
            var b = source[i];
            if (b < 0x80)
            {
                if (i == MaxLength - 1 && b > 1)
                {
                    return -1;
                }

                value |= (ulong)b << shift;
                return i + 1;
            }

            value |= (ulong)(b & 0x7f) << shift;
            shift += 7;
        }

        return source.Length < MaxLength ? 0 : -1;
    }

    public static int ReadVarint(ReadOnlySpan<byte> source, out long value)
    {
        var n = ReadUvarint(source, out var u);
        value = (long)(u >> 1) ^ -(long)(u & 1);
        return n;
    }
}
