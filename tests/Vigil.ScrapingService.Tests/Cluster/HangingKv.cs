using Vigil.ScrapingService.Kv;

namespace Vigil.ScrapingService.Tests.Cluster;

/// <summary>A store whose listing never answers (a partitioned etcd): only cancellation ends it.</summary>
internal sealed class HangingKv : IKvStore
{
    public Task<KvEntry?> GetAsync(string key, CancellationToken cancellationToken) => Task.FromResult<KvEntry?>(null);

    public async Task<IReadOnlyList<KvEntry>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return [];
    }

    public Task<bool> PutAsync(string key, byte[] value, long expectedVersion, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<bool> DeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken) => Task.FromResult(true);

    public async IAsyncEnumerable<KvEvent> WatchAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
