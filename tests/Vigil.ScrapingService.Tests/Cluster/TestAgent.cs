using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.Config;
using Vigil.ScrapingService.Cluster;
using Vigil.ScrapingService.ConfigStore;
using Vigil.ScrapingService.Kv;

namespace Vigil.ScrapingService.Tests.Cluster;

/// <summary>One agent of an in-process cluster: its own config store handle, ring handle and instance manager.</summary>
internal sealed class TestAgent : IAsyncDisposable
{
    public TestAgent(string id, IKvStore configKv, Func<KvStoreConfig, IKvStore> ringKv, TimeProvider time, string configPrefix = "configurations/")
    {
        Id = id;
        Store = new RemoteConfigStore(new PrefixedKvStore(new SharedKv(configKv), configPrefix), NullLogger.Instance);
        Cluster = new ScrapingServiceCluster(Instances, TestConfigs.NewMetrics(), time, NullLoggerFactory.Instance, ringKv);
    }

    public string Id { get; }

    public FakeInstanceManager Instances { get; } = new();

    public RemoteConfigStore Store { get; }

    public ScrapingServiceCluster Cluster { get; }

    public MetricsConfig Metrics { get; set; } = null!;

    public Task ApplyAsync(MetricsConfig metrics)
    {
        Metrics = metrics;
        return Cluster.ApplyAsync(metrics, Store, 12346, "127.0.0.1", CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Store.DisposeAsync();
    }
}
