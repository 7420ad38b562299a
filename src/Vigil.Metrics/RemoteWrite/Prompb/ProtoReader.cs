using System.Buffers.Binary;

namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>
/// Reads protobuf wire data from a span without allocating. Every method returns false with a message instead of
/// throwing, so hostile bodies cost no exception. Offsets handed out are absolute: relative to the outermost buffer.
/// </summary>
internal ref struct ProtoReader
{
    public const int WireVarint = 0;
    public const int WireFixed64 = 1;
    public const int WireLengthDelimited = 2;
    public const int WireFixed32 = 5;

    private const int MaxFieldNumber = (1 << 29) - 1;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _base;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data, int baseOffset)
    {
        _data = data;
        _base = baseOffset;
        _position = 0;
    }

    public readonly bool End => _position >= _data.Length;

    public readonly int AbsolutePosition => _base + _position;

    public bool TryReadVarint(out ulong value, out string? error)
    {
        value = 0;
        for (var i = 0; i < 10; i++)
        {
            if (_position >= _data.Length)
            {
                error = $"truncated varint at offset {AbsolutePosition}";
                return false;
            }

            var b = _data[_position++];

            // The tenth byte may only carry the 64th bit.
            if (i == 9 && b > 1)
            {
                break;
            }

            value |= (ulong)(b & 0x7f) << (7 * i);
            if (b < 0x80)
            {
                error = null;
                return true;
            }
        }

        error = $"varint overflows 64 bits at offset {AbsolutePosition}";
        return false;
    }

    public bool TryReadTag(out int field, out int wireType, out string? error)
    {
        field = 0;
        wireType = 0;
        var at = AbsolutePosition;
        if (!TryReadVarint(out var key, out error))
        {
            return false;
        }

        var number = key >> 3;
        if (number == 0 || number > MaxFieldNumber)
        {
            error = $"invalid field number {number} at offset {at}";
            return false;
        }

        field = (int)number;
        wireType = (int)(key & 7);
        return true;
    }

    public bool TryReadFixed64(out ulong value, out string? error)
    {
        if (_data.Length - _position < 8)
        {
            value = 0;
            error = $"truncated fixed64 at offset {AbsolutePosition}";
            return false;
        }

        value = BinaryPrimitives.ReadUInt64LittleEndian(_data[_position..]);
        _position += 8;
        error = null;
        return true;
    }

    public bool TryReadDouble(out double value, out string? error)
    {
        var ok = TryReadFixed64(out var bits, out error);
        value = BitConverter.Int64BitsToDouble((long)bits);
        return ok;
    }

    /// <summary>Reads a length prefix and returns the absolute range of the payload, checked against the buffer end.</summary>
    public bool TryReadLengthDelimited(out ByteRange range, out string? error)
    {
        range = default;
        var at = AbsolutePosition;
        if (!TryReadVarint(out var length, out error))
        {
            return false;
        }

        var left = _data.Length - _position;
        if (length > (ulong)left)
        {
            error = $"length {length} at offset {at} runs past the end ({left} bytes left)";
            return false;
        }

        range = new ByteRange(AbsolutePosition, (int)length);
        _position += (int)length;
        return true;
    }

    /// <summary>A reader over a length-delimited payload read earlier from this reader.</summary>
    public readonly ProtoReader Sub(ByteRange range) => new(_data.Slice(range.Offset - _base, range.Length), range.Offset);

    public readonly ReadOnlySpan<byte> Bytes(ByteRange range) => _data.Slice(range.Offset - _base, range.Length);

    public bool TrySkip(int wireType, out string? error)
    {
        switch (wireType)
        {
            case WireVarint:
                return TryReadVarint(out _, out error);
            case WireFixed64:
                return TryReadFixed64(out _, out error);
            case WireLengthDelimited:
                return TryReadLengthDelimited(out _, out error);
            case WireFixed32:
                if (_data.Length - _position < 4)
                {
                    error = $"truncated fixed32 at offset {AbsolutePosition}";
                    return false;
                }

                _position += 4;
                error = null;
                return true;
            case 3:
            case 4:
                error = $"group wire type {wireType} is not supported (offset {AbsolutePosition})";
                return false;
            default:
                error = $"invalid wire type {wireType} at offset {AbsolutePosition}";
                return false;
        }
    }

    public static bool Expect(int wireType, int want, string field, out string? error)
    {
        if (wireType == want)
        {
            error = null;
            return true;
        }

        error = $"{field}: wire type {wireType}, want {want}";
        return false;
    }
}
