using System.Buffers.Binary;
using System.Text;

namespace Vigil.TestKit.RemoteWrite;

/// <summary>
/// A minimal protobuf writer, independent of the product's encoder, so that the bodies the tests send are a second
/// opinion on the wire format rather than the product agreeing with itself.
/// </summary>
public sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();

    public int Length => (int)_buffer.Length;

    public byte[] ToArray() => _buffer.ToArray();

    public void Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    public void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _buffer.WriteByte((byte)value);
    }

    public void Bytes(int field, ReadOnlySpan<byte> bytes)
    {
        Tag(field, 2);
        Varint((ulong)bytes.Length);
        _buffer.Write(bytes);
    }

    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public void Int64(int field, long value)
    {
        Tag(field, 0);
        Varint((ulong)value);
    }

    public void Double(int field, double value)
    {
        Tag(field, 1);
        Span<byte> bits = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bits, value);
        _buffer.Write(bits);
    }

    /// <summary>Writes raw bytes, for tests that need a malformed field.</summary>
    public void Raw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);
}
