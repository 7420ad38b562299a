namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>
/// An append-only array that keeps its storage across <see cref="Clear"/>, so a decoder reused for many requests
/// stops allocating once it has seen its largest request.
/// </summary>
internal sealed class GrowableArray<T>
{
    private T[] _items = new T[16];

    public int Count { get; private set; }

    public ref T this[int index] => ref _items[index];

    public ReadOnlySpan<T> Span => _items.AsSpan(0, Count);

    public ReadOnlySpan<T> Slice(int start, int count) => _items.AsSpan(start, count);

    public void Add(in T item)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = item;
    }

    public void Clear() => Count = 0;
}
