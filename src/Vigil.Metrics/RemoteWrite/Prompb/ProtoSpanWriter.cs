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

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_span[_position..]);
        _position += bytes.Length;
    }
}
