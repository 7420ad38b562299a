using Microsoft.Extensions.Time.Testing;
using Vigil.Metrics.Config;
using Vigil.ScrapingService.Kv;
using Vigil.ScrapingService.Ring;

namespace Vigil.ScrapingService.Tests.Cluster;

/// <summary>
/// Grafana Agent's node_test.go behaviours (static-mode.md §9.3) and ownership moves, with agents in one process sharing
/// in-memory stores and a fake clock.
/// </summary>
public sealed class ScrapingServiceClusterTests : IAsyncLifetime
{
    private const int ConfigCount = 30;
    private readonly InMemoryKvStore _configKv = new();
    private readonly InMemoryKvStore _ringKv = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly List<TestAgent> _agents = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        await _configKv.DisposeAsync();
        await _ringKv.DisposeAsync();
    }

    [Fact]
    public async Task Join_PeerReconciles_EveryConfigRunsOnExactlyOneAgent()
    {
        var a = await StartAgent("agent-a");
        await PutConfigs(a);
        await Eventually.True(() => a.Instances.Running.Count == ConfigCount, "agent-a to run every config");
        var refreshesBefore = a.Cluster.Watcher!.Refreshes;

        var b = await StartAgent("agent-b");
        await EventuallySplit([a, b]);
        await Eventually.True(() => a.Cluster.Watcher.Refreshes > refreshesBefore, "the join to make the peer reconcile");
        Assert.NotEmpty(b.Instances.Running);
        Assert.Equal(b.Instances.Running, a.Instances.Deletes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Leave_PeerTakesEveryConfig()
    {
        var a = await StartAgent("agent-a");
        var b = await StartAgent("agent-b");
        await PutConfigs(a);
        await EventuallySplit([a, b]);

        await b.Cluster.StopAsync(CancellationToken.None);
        Assert.Empty(b.Instances.Running);
        await Eventually.True(() => a.Instances.Running.Count == ConfigCount, "agent-a to take over every config");
        Assert.Equal(["agent-a"], (await new RingStore(new PrefixedKvStore(_ringKv, "collectors/agent/")).ReadAsync(CancellationToken.None)).Members.Select(m => m.Id));
    }

    [Fact]
    public async Task Apply_NumTokensChanged_LeavesAndRejoins_ThenReshards()
    {
        var a = await StartAgent("agent-a", numTokens: 16);
        await PutConfigs(a);
        await Eventually.True(() => a.Instances.Running.Count == ConfigCount, "agent-a to run every config");
        var node = a.Cluster.Node;

        await a.ApplyAsync(TestConfigs.Metrics("agent-a", numTokens: 16));
        Assert.Same(node, a.Cluster.Node);

        var refreshes = a.Cluster.Watcher!.Refreshes;
        await a.ApplyAsync(TestConfigs.Metrics("agent-a", numTokens: 24));
        Assert.NotSame(node, a.Cluster.Node);
        Assert.Equal(24, a.Cluster.Node!.Lifecycler.Self!.Tokens.Length);
        await Eventually.True(() => a.Cluster.Watcher.Refreshes > refreshes, "a reshard after the re-join");

        // The watcher kept its instances through the re-join: nothing stopped, nothing started twice.
        Assert.Empty(a.Instances.Deletes);
        Assert.Equal(ConfigCount, a.Instances.Applies.Count);
    }

    [Fact]
    public async Task Disable_LeavesRing_StopsInstances()
    {
        var a = await StartAgent("agent-a");
        await PutConfigs(a);
        await Eventually.True(() => a.Instances.Running.Count == ConfigCount, "agent-a to run every config");

        await a.ApplyAsync(new MetricsConfig());
        Assert.Null(a.Cluster.Node);
        Assert.Null(a.Cluster.Watcher);
        Assert.Empty(a.Instances.Running);
        Assert.Empty(await _ringKv.ListAsync(string.Empty, CancellationToken.None));
    }

    [Fact]
    public async Task ThreeMembers_OneStopsHeartbeating_ItsConfigsMoveToTheOthers()
    {
        var a = await StartAgent("agent-a");
        var b = await StartAgent("agent-b");
        var c = await StartAgent("agent-c");
        await PutConfigs(a);
        await EventuallySplit([a, b, c]);
        var moved = c.Instances.Running;
        Assert.NotEmpty(moved);

        // agent-c stops heartbeating without leaving, as after kill -9: it stays in the ring, ACTIVE but stale.
        await c.Cluster.Node!.Lifecycler.DisposeAsync();
        for (var i = 0; i < 13; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            await WaitForHeartbeat("agent-a");
            await WaitForHeartbeat("agent-b");
        }

        await EventuallySplit([a, b]);
        Assert.All(moved, name => Assert.True(a.Instances.Running.Contains(name) || b.Instances.Running.Contains(name)));
        var ring = a.Cluster.Node!.Ring;
        Assert.Equal(3, ring.Current.Members.Count);
        Assert.All(Enumerable.Range(0, ConfigCount), i => Assert.NotEqual("agent-c", ring.Owner(Name(i))?.Id));
    }

    private async Task<TestAgent> StartAgent(string id, int numTokens = 32)
    {
        var agent = new TestAgent(id, _configKv, _ => new SharedKv(_ringKv), _time);
        _agents.Add(agent);
        await agent.ApplyAsync(TestConfigs.Metrics(id, numTokens));
        return agent;
    }

    /// <summary>
    /// Config names that differ in their first characters: FNV-1 ends with an xor of the last byte, so names differing
    /// only at the end (config-1, config-2) hash next to each other and would all land on one member.
    /// </summary>
    private static string Name(int i) => $"{i:D2}-scrape";

    private static async Task PutConfigs(TestAgent via)
    {
        for (var i = 0; i < ConfigCount; i++)
        {
            await via.Store.PutAsync(Name(i), TestConfigs.Instance(Name(i)), CancellationToken.None);
        }
    }

    /// <summary>
    /// Waits until every config runs on exactly one of <paramref name="agents"/>: the one the ring in the store makes its
    /// owner (a split that merely adds up could be a moment before the agents noticed a change).
    /// </summary>
    private async Task EventuallySplit(IReadOnlyList<TestAgent> agents)
    {
        var ring = new RingStore(new PrefixedKvStore(_ringKv, "collectors/agent/"));
        string? last = null;
        try
        {
            await Eventually.True(
                () =>
                {
                    var snapshot = ring.ReadAsync(CancellationToken.None).Result;
                    var converged = true;
                    var state = new System.Text.StringBuilder();
                    foreach (var agent in agents)
                    {
                        var expected = Enumerable.Range(0, ConfigCount).Select(Name)
                            .Where(n => snapshot.Owner(n, _time.GetUtcNow(), TimeSpan.FromMinutes(1))?.Id == agent.Id)
                            .Order(StringComparer.Ordinal);
                        converged &= agent.Instances.Running.SequenceEqual(expected);
                        state.Append(agent.Id).Append(": ").AppendJoin(",", agent.Instances.Running).Append('\n');
                    }

                    last = state.ToString();
                    return converged && agents.Sum(agent => agent.Instances.Running.Count) == ConfigCount;
                },
                $"{ConfigCount} configs to run exactly once, on their owners, over {string.Join(", ", agents.Select(agent => agent.Id))}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\n" + last, e);
        }
    }

    private async Task WaitForHeartbeat(string id)
    {
        var ring = new RingStore(new PrefixedKvStore(_ringKv, "collectors/agent/"));
        await Eventually.True(
            () => ring.ReadAsync(CancellationToken.None).Result.Members.First(m => m.Id == id).HeartbeatUnixMs >= _time.GetUtcNow().ToUnixTimeMilliseconds(),
            $"a heartbeat from {id}");
    }
}
