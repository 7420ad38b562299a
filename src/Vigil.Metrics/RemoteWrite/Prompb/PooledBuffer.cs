using System.Buffers;

namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>
/// A growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/> and reused between requests: <see cref="Clear"/>
/// keeps the array, so a steady stream of similar batches allocates nothing. Not thread-safe; one owner at a time.
/// The memory returned by <see cref="WrittenSpan"/> and <see cref="WrittenMemory"/> is valid until the next write,
/// <see cref="Clear"/> or <see cref="Dispose"/>.
/// </summary>
internal sealed class PooledBuffer : IDisposable
{
    private byte[] _array;

    public PooledBuffer(int initialCapacity = 4096)
    {
        _array = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 16));
    }

    public int Length { get; private set; }

    public int Capacity => _array.Length;

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, Length);

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Returns a span of at least <paramref name="size"/> free bytes after the written part.</summary>
    public Span<byte> GetSpan(int size)
    {
        Ensure(size);
        return _array.AsSpan(Length);
    }

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_array.Length - Length))
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        Length += count;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Length += bytes.Length;
    }

    /// <summary>Makes room for <paramref name="size"/> more bytes, doubling so that growth is amortised.</summary>
    public void Ensure(int size)
    {
        var needed = (long)Length + size;
        if (needed <= _array.Length)
        {
            return;
        }

        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException($"buffer would exceed {Array.MaxLength} bytes");
        }

        var next = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(needed, (long)_array.Length * 2)));
        _array.AsSpan(0, Length).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_array);
        _array = next;
    }

    public void Dispose()
    {
        var array = _array;
        _array = [];
        Length = 0;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
