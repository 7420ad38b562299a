using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Vigil.ScrapingService.Kv;

/// <summary>
/// Fans out the changes of a single-process store to its watchers. Each watcher has a bounded queue; a watcher that
/// falls behind loses events (watches are best-effort by contract) and the loss is counted, never blocking writers.
/// </summary>
internal sealed class KvWatchHub
{
    private const int QueueLength = 4096;
    private readonly Lock _lock = new();
    private readonly List<(string Prefix, Channel<KvEvent> Channel)> _watchers = [];
    private long _dropped;

    /// <summary>Events dropped because a watcher's queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Publish(KvEvent e)
    {
        lock (_lock)
        {
            foreach (var (prefix, channel) in _watchers)
            {
                if (e.Key.StartsWith(prefix, StringComparison.Ordinal) && !channel.Writer.TryWrite(e))
                {
                    Interlocked.Increment(ref _dropped);
                }
            }
        }
    }

    public async IAsyncEnumerable<KvEvent> WatchAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<KvEvent>(new BoundedChannelOptions(QueueLength)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
        var entry = (prefix, channel);
        lock (_lock)
        {
            _watchers.Add(entry);
        }

        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return e;
            }
        }
        finally
        {
            lock (_lock)
            {
                _watchers.Remove(entry);
            }
        }
    }

    /// <summary>Ends every watch (the store is closing).</summary>
    public void Complete()
    {
        lock (_lock)
        {
            foreach (var (_, channel) in _watchers)
            {
                channel.Writer.TryComplete();
            }
        }
    }
}
