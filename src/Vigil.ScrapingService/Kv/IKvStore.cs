namespace Vigil.ScrapingService.Kv;

/// <summary>
/// The KV store behind the config store and the ring: embedded (SQLite, one node), etcd (clusters) or in-memory (tests).
/// Keys are full keys (prefix included). Watches are best-effort — a consumer must also resynchronise periodically by
/// listing, as Grafana Agent's config watcher does.
/// </summary>
public interface IKvStore : IAsyncDisposable
{
    /// <summary>The current entry, or null when the key is absent.</summary>
    Task<KvEntry?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every entry whose key starts with <paramref name="prefix"/>, sorted by key (one round trip).</summary>
    Task<IReadOnlyList<KvEntry>> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="value"/> if the key's current version is <paramref name="expectedVersion"/>: 0 means "must
    /// not exist", <see cref="AnyVersion"/> writes unconditionally. Returns false, writing nothing, on a mismatch.
    /// </summary>
    Task<bool> PutAsync(string key, byte[] value, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Deletes the key; returns false when it was absent (or, with an expected version, did not match).</summary>
    Task<bool> DeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Changes under <paramref name="prefix"/> from now on, until cancelled.</summary>
    IAsyncEnumerable<KvEvent> WatchAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>The version value that makes <see cref="PutAsync"/> and <see cref="DeleteAsync"/> unconditional.</summary>
    public const long AnyVersion = -1;
}
