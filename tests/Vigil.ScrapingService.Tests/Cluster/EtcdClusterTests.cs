using Vigil.ScrapingService.Ring;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.Config;
using Vigil.ScrapingService.Cluster;
using Vigil.ScrapingService.Kv;
using Vigil.TestKit.Peers;

namespace Vigil.ScrapingService.Tests.Cluster;

/// <summary>Two agents sharing a real etcd 3.4 for their configs and their ring, each with its own connections.</summary>
public sealed class EtcdClusterTests : IAsyncLifetime
{
    private const int ConfigCount = 30;
    private readonly string _prefix = $"t{Guid.NewGuid():N}/";
    private readonly List<TestAgent> _agents = [];
    private readonly List<IKvStore> _connections = [];
    private EtcdServer? _etcd;

    public async Task InitializeAsync() => _etcd = await EtcdServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        if (_etcd is not null)
        {
            await _etcd.DisposeAsync();
        }
    }

    [Fact]
    public async Task TwoAgents_SplitConfigsExactlyOnce_ThenSurvivorTakesAll()
    {
        var a = await StartAgent("agent-a");
        var b = await StartAgent("agent-b");
        await Eventually.True(
            () => a.Cluster.Node!.Ring.Current.Members.Count(m => m.State == MemberState.Active) == 2 &&
                  b.Cluster.Node!.Ring.Current.Members.Count(m => m.State == MemberState.Active) == 2,
            "both agents to see each other ACTIVE");

        // Both are ACTIVE before the configs arrive, so each config is applied once, by its owner, and never moves.
        for (var i = 0; i < ConfigCount; i++)
        {
            await a.Store.PutAsync(Name(i), TestConfigs.Instance(Name(i)), CancellationToken.None);
        }

        await Eventually.True(
            () => a.Instances.Running.Count + b.Instances.Running.Count == ConfigCount,
            "every config to run",
            timeoutMs: 20_000);
        Assert.Empty(a.Instances.Running.Intersect(b.Instances.Running));
        Assert.NotEmpty(a.Instances.Running);
        Assert.NotEmpty(b.Instances.Running);
        var applies = a.Instances.Applies.Concat(b.Instances.Applies).ToList();
        Assert.Equal(ConfigCount, applies.Count);
        Assert.Equal(ConfigCount, applies.Distinct().Count());

        await b.Cluster.StopAsync(CancellationToken.None);
        Assert.Empty(b.Instances.Running);
        await Eventually.True(() => a.Instances.Running.Count == ConfigCount, "agent-a to take every config", timeoutMs: 20_000);

        // agent-b's LEAVING state hands its configs over before its removal reaches agent-a's view.
        await Eventually.True(() => a.Cluster.Node!.Ring.Current.Members.Count == 1, "agent-b to leave agent-a's view", timeoutMs: 20_000);
        Assert.Equal(["agent-a"], a.Cluster.Node!.Ring.Current.Members.Select(m => m.Id));
    }

    private async Task<TestAgent> StartAgent(string id)
    {
        var etcd = EtcdKvStore.Connect([_etcd!.Endpoint], null, null, TimeSpan.FromSeconds(10), NullLogger.Instance);
        _connections.Add(etcd);
        var agent = new TestAgent(id, etcd, config => RingKvFactory.Open(config, NullLogger.Instance), TimeProvider.System, _prefix + "configurations/");
        _agents.Add(agent);
        var metrics = TestConfigs.Metrics(id);
        metrics.ScrapingService.Lifecycler.HeartbeatPeriod = Vigil.Common.Yaml.Duration.FromSeconds(1);
        metrics.ScrapingService.Lifecycler.Ring.KvStore = new KvStoreConfig
        {
            Store = KvStoreConfig.StoreEtcd,
            Prefix = _prefix + "collectors/",
            Etcd = new EtcdConfig { Endpoints = [_etcd.Endpoint] },
        };
        await agent.ApplyAsync(metrics);
        return agent;
    }

    private static string Name(int i) => $"{i:D2}-scrape";
}
