namespace Vigil.ScrapingService.Kv;

/// <summary>A process-local store for tests (<c>store: inmemory</c>), with the same semantics as the real ones.</summary>
public sealed class InMemoryKvStore : IKvStore
{
    private readonly SortedDictionary<string, KvEntry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly KvWatchHub _hub = new();
    private long _version;

    public Task<KvEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_entries.GetValueOrDefault(key));
        }
    }

    public Task<IReadOnlyList<KvEntry>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<KvEntry> list = [.. _entries.Values.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal))];
            return Task.FromResult(list);
        }
    }

    public Task<bool> PutAsync(string key, byte[] value, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var current = _entries.GetValueOrDefault(key)?.Version ?? 0;
            if (expectedVersion != IKvStore.AnyVersion && expectedVersion != current)
            {
                return Task.FromResult(false);
            }

            _entries[key] = new KvEntry(key, value, ++_version);
            _hub.Publish(new KvEvent(key, value));
            return Task.FromResult(true);
        }
    }

    public Task<bool> DeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry) || (expectedVersion != IKvStore.AnyVersion && expectedVersion != entry.Version))
            {
                return Task.FromResult(false);
            }

            _entries.Remove(key);
            _hub.Publish(new KvEvent(key, null));
            return Task.FromResult(true);
        }
    }

    public IAsyncEnumerable<KvEvent> WatchAsync(string prefix, CancellationToken cancellationToken) => _hub.WatchAsync(prefix, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _hub.Complete();
        return ValueTask.CompletedTask;
    }
}
