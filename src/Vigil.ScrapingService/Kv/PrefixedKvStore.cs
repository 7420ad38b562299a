using System.Runtime.CompilerServices;

namespace Vigil.ScrapingService.Kv;

/// <summary>
/// A view of a store under a key prefix (<c>kvstore.prefix</c>, e.g. <c>configurations/</c>): callers use short keys,
/// the inner store holds full keys. Keys come back with the prefix stripped.
/// </summary>
public sealed class PrefixedKvStore(IKvStore inner, string prefix) : IKvStore
{
    public string Prefix => prefix;

    public Task<KvEntry?> GetAsync(string key, CancellationToken cancellationToken) =>
        Strip(inner.GetAsync(prefix + key, cancellationToken));

    public async Task<IReadOnlyList<KvEntry>> ListAsync(string keyPrefix, CancellationToken cancellationToken) =>
        [.. (await inner.ListAsync(prefix + keyPrefix, cancellationToken).ConfigureAwait(false)).Select(e => e with { Key = e.Key[prefix.Length..] })];

    public Task<bool> PutAsync(string key, byte[] value, long expectedVersion, CancellationToken cancellationToken) =>
        inner.PutAsync(prefix + key, value, expectedVersion, cancellationToken);

    public Task<bool> DeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken) =>
        inner.DeleteAsync(prefix + key, expectedVersion, cancellationToken);

    public async IAsyncEnumerable<KvEvent> WatchAsync(string keyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in inner.WatchAsync(prefix + keyPrefix, cancellationToken).ConfigureAwait(false))
        {
            yield return e with { Key = e.Key[prefix.Length..] };
        }
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private async Task<KvEntry?> Strip(Task<KvEntry?> entry)
    {
        var e = await entry.ConfigureAwait(false);
        return e is null ? null : e with { Key = e.Key[prefix.Length..] };
    }
}
