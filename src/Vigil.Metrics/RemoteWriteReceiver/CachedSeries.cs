using Vigil.Common.Model;

namespace Vigil.Metrics.RemoteWriteReceiver;

/// <summary>A series the receiver has seen: its labels (built once) and the storage ref of the last append.</summary>
internal sealed class CachedSeries(Labels labels)
{
    private long _ref;

    public Labels Labels { get; } = labels;

    public ulong Ref
    {
        get => (ulong)Interlocked.Read(ref _ref);
        set => Interlocked.Exchange(ref _ref, (long)value);
    }
}
