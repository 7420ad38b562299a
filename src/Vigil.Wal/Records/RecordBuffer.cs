using System.Buffers.Binary;
using System.Text;

namespace Vigil.Wal.Records;

/// <summary>
/// A growable byte buffer that records are encoded into (Prometheus encoding.Encbuf). Reused across records:
/// <see cref="Reset"/> keeps the memory. The written bytes stay valid until the next write or reset.
/// </summary>
public sealed class RecordBuffer
{
    private byte[] _buf;

    public RecordBuffer(int capacity = 1024)
    {
        _buf = new byte[Math.Max(capacity, 16)];
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buf.AsSpan(0, Length);

    public ReadOnlyMemory<byte> WrittenMemory => _buf.AsMemory(0, Length);

    public void Reset() => Length = 0;

    /// <summary>Makes room for <paramref name="count"/> more bytes and returns that free space.</summary>
    public Span<byte> GetSpan(int count)
    {
        if (_buf.Length - Length < count)
        {
            Array.Resize(ref _buf, Math.Max(Length + count, _buf.Length * 2));
        }

        return _buf.AsSpan(Length);
    }

    /// <summary>Marks <paramref name="count"/> bytes of the span from <see cref="GetSpan"/> as written.</summary>
    public void Advance(int count) => Length += count;

    public void PutByte(byte value)
    {
        GetSpan(1)[0] = value;
        Length++;
    }

    public void PutBE64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(GetSpan(8), value);
        Length += 8;
    }

    public void PutBEFloat64(double value) => PutBE64(BitConverter.DoubleToUInt64Bits(value));

    public void PutUvarint64(ulong value) => Length += Varint.WriteUvarint(GetSpan(Varint.MaxLength), value);

    public void PutVarint64(long value) => Length += Varint.WriteVarint(GetSpan(Varint.MaxLength), value);

    public void PutUvarintString(string value)
    {
        var n = Encoding.UTF8.GetByteCount(value);
        PutUvarint64((ulong)n);
        Length += Encoding.UTF8.GetBytes(value, GetSpan(n));
    }
}
