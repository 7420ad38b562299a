using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Vigil.Wal.Records;

/// <summary>Reads the fields of one record (Prometheus encoding.Decbuf); a short or bad field throws.</summary>
internal ref struct RecordSpanReader
{
    private ReadOnlySpan<byte> _b;

    public RecordSpanReader(ReadOnlySpan<byte> b)
    {
        _b = b;
    }

    public readonly int Remaining => _b.Length;

    public byte Byte()
    {
        if (_b.IsEmpty)
        {
            ThrowShort();
        }

        var v = _b[0];
        _b = _b[1..];
        return v;
    }

    public ulong BE64()
    {
        if (_b.Length < 8)
        {
            ThrowShort();
        }

        var v = BinaryPrimitives.ReadUInt64BigEndian(_b);
        _b = _b[8..];
        return v;
    }

    public double BEFloat64() => BitConverter.UInt64BitsToDouble(BE64());

    public ulong Uvarint64()
    {
        var n = Varint.ReadUvarint(_b, out var v);
        if (n <= 0)
        {
            ThrowVarint(n);
        }

        _b = _b[n..];
        return v;
    }

    public long Varint64()
    {
        var n = Varint.ReadVarint(_b, out var v);
        if (n <= 0)
        {
            ThrowVarint(n);
        }

        _b = _b[n..];
        return v;
    }

    public int UvarintInt()
    {
        var v = Uvarint64();
        if (v > int.MaxValue)
        {
            throw new RecordDecodeException("invalid size " + v.ToString(CultureInfo.InvariantCulture));
        }

        return (int)v;
    }

    public string UvarintString()
    {
        var n = UvarintInt();
        if (_b.Length < n)
        {
            ThrowShort();
        }

        var s = Encoding.UTF8.GetString(_b[..n]);
        _b = _b[n..];
        return s;
    }

    public readonly void EnsureEmpty()
    {
        if (!_b.IsEmpty)
        {
            throw new RecordDecodeException($"unexpected {_b.Length.ToString(CultureInfo.InvariantCulture)} bytes left in entry");
        }
    }

    private static void ThrowShort() => throw new RecordDecodeException("invalid size");

    private static void ThrowVarint(int n) => throw new RecordDecodeException(n == 0 ? "invalid size" : "varint overflow");
}
