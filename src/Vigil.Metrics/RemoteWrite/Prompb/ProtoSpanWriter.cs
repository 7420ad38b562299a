using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>
/// Writes protobuf wire data into a span whose size was computed beforehand with <see cref="ProtoSize"/>. Every tag
/// used by prompb fits in one byte (field numbers below 16), so tags are written as raw bytes.
/// </summary>
internal ref struct ProtoSpanWriter
{
    private readonly Span<byte> _span;
    private int _position;

    public ProtoSpanWriter(Span<byte> span)
    {
        _span = span;
        _position = 0;
    }

    public readonly int Position => _position;

    public void Tag(byte tag) => _span[_position++] = tag;

    public void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _span[_position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _span[_position++] = (byte)value;
    }

    public void Fixed64(double value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_span[_position..], BitConverter.DoubleToInt64Bits(value));
        _position += 8;
    }

    /// <summary>A string field, omitted when empty as proto3 does.</summary>
    public void String(byte tag, string value)
    {
        if (value.Length == 0)
        {
            return;
        }

        Tag(tag);
        Varint((ulong)Encoding.UTF8.GetByteCount(value));
        _position += Encoding.UTF8.GetBytes(value, _span[_position..]);
    }

    /// <summary>
    /// A Label message (name = 1, value = 2) under <paramref name="tag"/>. Label text is nearly always ASCII, whose
    /// UTF-8 length is its length: the message is written on that guess with a vectorized narrowing copy, and rewritten
    /// the general way when a character is not ASCII. The guess never writes past the true size (non-ASCII text only
    /// grows in UTF-8), so the span sized with <see cref="ProtoSize"/> always has room.
    /// </summary>
    public void Label(byte tag, string name, string value)
    {
        var start = _position;
        Tag(tag);
        Varint((ulong)(AsciiFieldSize(name) + AsciiFieldSize(value)));
        if (AsciiField(0x0a, name) && AsciiField(0x12, value))
        {
            return;
        }

        _position = start;
        Tag(tag);
        Varint((ulong)(ProtoSize.String(name) + ProtoSize.String(value)));
        String(0x0a, name);
        String(0x12, value);
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_span[_position..]);
        _position += bytes.Length;
    }

    private static int AsciiFieldSize(string value) => value.Length == 0 ? 0 : 1 + ProtoSize.Varint((ulong)value.Length) + value.Length;

    private bool AsciiField(byte tag, string value)
    {
        if (value.Length == 0)
        {
            return true;
        }

        Tag(tag);
        Varint((ulong)value.Length);
        if (Ascii.FromUtf16(value, _span.Slice(_position, value.Length), out _) != OperationStatus.Done)
        {
            return false;
        }

        _position += value.Length;
        return true;
    }
}
