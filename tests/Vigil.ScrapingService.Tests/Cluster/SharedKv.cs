using Vigil.ScrapingService.Kv;

namespace Vigil.ScrapingService.Tests.Cluster;

/// <summary>One store seen by several agents of a test: each agent may dispose its handle, the store stays open.</summary>
internal sealed class SharedKv(IKvStore inner) : IKvStore
{
    public Task<KvEntry?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public Task<IReadOnlyList<KvEntry>> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public Task<bool> PutAsync(string key, byte[] value, long expectedVersion, CancellationToken cancellationToken) =>
        inner.PutAsync(key, value, expectedVersion, cancellationToken);

    public Task<bool> DeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken) =>
        inner.DeleteAsync(key, expectedVersion, cancellationToken);

    public IAsyncEnumerable<KvEvent> WatchAsync(string prefix, CancellationToken cancellationToken) => inner.WatchAsync(prefix, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
