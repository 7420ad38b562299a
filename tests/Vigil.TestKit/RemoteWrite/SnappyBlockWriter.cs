namespace Vigil.TestKit.RemoteWrite;

/// <summary>
/// Snappy block format written with literals only: valid for every decoder, no compression, and a layout simple
/// enough that fuzz tests can corrupt it on purpose (a wrong declared length, a literal that overruns the input).
/// </summary>
public static class SnappyBlockWriter
{
    private const int MaxLiteral = 1 << 16;

    public static byte[] Encode(ReadOnlySpan<byte> raw) => Encode(raw, (ulong)raw.Length);

    /// <summary>Encodes <paramref name="raw"/> behind a header declaring <paramref name="declaredLength"/>, true or not.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> raw, ulong declaredLength)
    {
        using var output = new MemoryStream(raw.Length + (raw.Length / MaxLiteral * 4) + 16);
        WriteVarint(output, declaredLength);
        while (!raw.IsEmpty)
        {
            var chunk = raw[..Math.Min(raw.Length, MaxLiteral)];
            var n = chunk.Length - 1;
            if (n < 60)
            {
                output.WriteByte((byte)(n << 2));
            }
            else if (n < 1 << 8)
            {
                output.WriteByte(60 << 2);
                output.WriteByte((byte)n);
            }
            else
            {
                output.WriteByte(61 << 2);
                output.WriteByte((byte)n);
                output.WriteByte((byte)(n >> 8));
            }

            output.Write(chunk);
            raw = raw[chunk.Length..];
        }

        return output.ToArray();
    }

    private static void WriteVarint(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }
}
