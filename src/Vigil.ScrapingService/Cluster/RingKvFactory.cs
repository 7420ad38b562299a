using Microsoft.Extensions.Logging;
using Vigil.Metrics.Config;
using Vigil.ScrapingService.Kv;

namespace Vigil.ScrapingService.Cluster;

/// <summary>
/// Opens the store of <c>lifecycler.ring.kvstore</c>. With <c>etcd</c> it is a connection of its own (the ring is shared
/// by the cluster). <c>embedded</c> and <c>inmemory</c> are single-agent stores, where the ring only ever holds this
/// agent: it is kept in memory, since nothing would read it from the file.
/// </summary>
public static class RingKvFactory
{
    public static IKvStore Open(KvStoreConfig config, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Store switch
        {
            KvStoreConfig.StoreEtcd => EtcdKvStore.Connect(
                config.Etcd.Endpoints,
                config.Etcd.Username,
                config.Etcd.Password?.Value,
                config.Etcd.DialTimeout.Value > TimeSpan.Zero ? config.Etcd.DialTimeout.Value : TimeSpan.FromSeconds(10),
                logger),
            KvStoreConfig.StoreEmbedded or KvStoreConfig.StoreInMemory => new InMemoryKvStore(),
            _ => throw new InvalidOperationException($"KV store \"{config.Store}\" is not supported; use embedded, etcd or inmemory"),
        };
    }
}
