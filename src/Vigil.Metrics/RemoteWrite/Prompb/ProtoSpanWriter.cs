using System.Buffers.Binary;
using System.Runtime.CompilerServices;
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Tag(byte tag) => _span[_position++] = tag;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Varint(ulong value)
    {
        if (value < 0x80)
        {
            _span[_position++] = (byte)value;
            return;
        }

        VarintSlow(value);
    }

    private void VarintSlow(ulong value)
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
    /// UTF-8 length is its length: the message is written on that guess, and rewritten from its first byte the general
    /// way when a character is not ASCII. The guess never writes past the true size (non-ASCII text only grows in
    /// UTF-8), so the span sized with <see cref="ProtoSize"/> always has room.
    /// </summary>
    public void Label(byte tag, string name, string value)
    {
        // The common case in one piece: both texts ASCII and short enough for one-byte lengths everywhere.
        int n = name.Length, v = value.Length;
        var size = (n == 0 ? 0 : 2 + n) + (v == 0 ? 0 : 2 + v);
        if (size < 0x80)
        {
            var span = _span.Slice(_position, 2 + size);
            span[0] = tag;
            span[1] = (byte)size;
            var p = 2;
            if (n > 0)
            {
                span[p++] = 0x0a;
                span[p++] = (byte)n;
                if (!Narrow(name, span.Slice(p, n)))
                {
                    General(tag, name, value);
                    return;
                }

                p += n;
            }

            if (v > 0)
            {
                span[p++] = 0x12;
                span[p++] = (byte)v;
                if (!Narrow(value, span.Slice(p, v)))
                {
                    General(tag, name, value);
                    return;
                }
            }

            _position += 2 + size;
            return;
        }

        General(tag, name, value);
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_span[_position..]);
        _position += bytes.Length;
    }

    // Label text is short: a plain loop beats the call and setup of a vectorized conversion.
    private static bool Narrow(string text, Span<byte> destination)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c > 0x7f)
            {
                return false;
            }

            destination[i] = (byte)c;
        }

        return true;
    }

    // Any text and length: sizes from the real UTF-8 lengths. Starts over at the label's first byte.
    private void General(byte tag, string name, string value)
    {
        Tag(tag);
        Varint((ulong)(ProtoSize.String(name) + ProtoSize.String(value)));
        String(0x0a, name);
        String(0x12, value);
    }
}
