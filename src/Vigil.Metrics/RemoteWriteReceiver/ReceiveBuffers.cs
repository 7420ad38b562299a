using Vigil.Common.Model;
using Vigil.Metrics.RemoteWrite.Prompb;

namespace Vigil.Metrics.RemoteWriteReceiver;

/// <summary>The per-request working memory of the receiver, pooled so that steady traffic allocates nothing.</summary>
internal sealed class ReceiveBuffers : IDisposable
{
    public PooledBuffer Decoded { get; } = new(64 * 1024);

    public DecodedWriteRequest Request { get; } = new();

    public PooledBuffer Key { get; } = new(1024);

    public List<Label> Labels { get; } = new(32);

    public void Clear()
    {
        Decoded.Clear();
        Request.Clear();
        Key.Clear();
        Labels.Clear();
    }

    public void Dispose()
    {
        Decoded.Dispose();
        Key.Dispose();
    }
}
