using Snappier;

namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>
/// Snappy block format (never framed: Remote-Write 1.0 forbids it) through Snappier. Decompression reads the declared
/// decoded length from the block header itself and rejects anything above <see cref="MaxDecodedLength"/> before a byte
/// is allocated: Snappier would otherwise allocate whatever a 7-byte body declares (ecosystem-notes §5.3).
/// </summary>
internal static class SnappyBlock
{
    /// <summary>The cap on a declared decoded length, as Prometheus and client_golang apply it.</summary>
    public const int MaxDecodedLength = 32 << 20;

    public static void Compress(ReadOnlySpan<byte> source, PooledBuffer destination)
    {
        destination.Clear();
        var span = destination.GetSpan(Snappy.GetMaxCompressedLength(source.Length));
        destination.Advance(Snappy.Compress(source, span));
    }

    /// <summary>Reads the uvarint32 header that states the decoded length.</summary>
    public static bool TryGetDecodedLength(ReadOnlySpan<byte> block, out long length, out string? error)
    {
        length = 0;
        for (var i = 0; i < 5; i++)
        {
            if (i >= block.Length)
            {
                error = "snappy: truncated length header";
                return false;
            }

            var b = block[i];
            length |= (long)(b & 0x7f) << (7 * i);
            if (b < 0x80)
            {
                if (length > uint.MaxValue)
                {
                    break;
                }

                error = null;
                return true;
            }
        }

        error = "snappy: invalid length header";
        return false;
    }

    public static bool TryDecompress(ReadOnlySpan<byte> block, PooledBuffer destination, out string? error)
    {
        destination.Clear();
        if (!TryGetDecodedLength(block, out var length, out error))
        {
            return false;
        }

        if (length > MaxDecodedLength)
        {
            error = $"snappy: decoded length {length} exceeds the limit of {MaxDecodedLength} bytes";
            return false;
        }

        var span = destination.GetSpan((int)length);
        try
        {
            var written = Snappy.Decompress(block, span[..(int)length]);
            destination.Advance(written);
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or OverflowException or ArgumentException or IndexOutOfRangeException)
        {
            error = "snappy: " + e.Message;
            return false;
        }
    }
}
