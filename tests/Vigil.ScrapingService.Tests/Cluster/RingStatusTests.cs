using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Vigil.ScrapingService.Cluster;
using Vigil.ScrapingService.Kv;

namespace Vigil.ScrapingService.Tests.Cluster;

/// <summary>The <c>/debug/ring</c> body.</summary>
public sealed class RingStatusTests : IAsyncLifetime
{
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
    }

    [Fact]
    public async Task Build_TwoMembers_StateHealthShares()
    {
        var a = await StartAgent("agent-a", 16);
        await StartAgent("agent-b", 8);
        await a.Cluster.Node!.Ring.ReadAsync(CancellationToken.None);

        var status = RingStatus.Build(a.Cluster.Node, _time.GetUtcNow(), withTokens: false);
        Assert.Equal("agent-a", status.Self);
        Assert.Equal("2026-11-26T12:00:00.000Z", status.Now);
        Assert.Equal("1m0s", status.HeartbeatTimeout);
        Assert.Equal(["agent-a", "agent-b"], status.Shards.Select(s => s.Id));
        Assert.All(status.Shards, s =>
        {
            Assert.Equal("ACTIVE", s.State);
            Assert.True(s.Healthy);
            Assert.Equal("127.0.0.1:12346", s.Address);
            Assert.Equal("2026-11-26T12:00:00.000Z", s.Timestamp);
            Assert.Null(s.Tokens);
        });
        Assert.Equal([16, 8], status.Shards.Select(s => s.NumTokens));
        Assert.Equal(100, status.Shards.Sum(s => s.Ownership), 1);
        Assert.Equal(100, status.Shards.Sum(s => s.EffectiveOwnership), 1);
    }

    [Fact]
    public async Task Build_StaleMember_UnhealthyOwnsNothingNow()
    {
        var a = await StartAgent("agent-a", 16);
        var b = await StartAgent("agent-b", 16);
        await b.Cluster.Node!.Lifecycler.DisposeAsync();
        await a.Cluster.Node!.Lifecycler.DisposeAsync();
        _time.Advance(TimeSpan.FromMinutes(2));
        await a.Cluster.Node.Ring.ReadAsync(CancellationToken.None);

        var status = RingStatus.Build(a.Cluster.Node, _time.GetUtcNow(), withTokens: true);
        Assert.All(status.Shards, s => Assert.False(s.Healthy));
        Assert.All(status.Shards, s => Assert.Equal(0, s.EffectiveOwnership));
        Assert.All(status.Shards, s => Assert.Equal(16, s.Tokens!.Length));
    }

    [Fact]
    public async Task Json_UsesSnakeCaseNames()
    {
        var a = await StartAgent("agent-a", 4);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(RingStatus.Build(a.Cluster.Node!, _time.GetUtcNow(), withTokens: false)));
        var shard = json.RootElement.GetProperty("shards")[0];
        Assert.Equal(
            ["id", "address", "state", "timestamp", "registered_timestamp", "healthy", "num_tokens", "ownership", "effective_ownership"],
            shard.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["self", "now", "heartbeat_timeout", "shards"], json.RootElement.EnumerateObject().Select(p => p.Name));
    }

    private async Task<TestAgent> StartAgent(string id, int numTokens)
    {
        var agent = new TestAgent(id, _configKv, _ => new SharedKv(_ringKv), _time);
        _agents.Add(agent);
        await agent.ApplyAsync(TestConfigs.Metrics(id, numTokens));
        return agent;
    }
}
