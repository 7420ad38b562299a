using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigil.ScrapingService.Kv;
using Vigil.ScrapingService.Ring;

namespace Vigil.ScrapingService.Tests.Ring;

public sealed class LifecyclerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Join_RegistersActiveWithTokens_ThenLeaveRemoves()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var ring = new RingStore(new InMemoryKvStore());
        await using var lifecycler = new Lifecycler(ring, "agent-1", "127.0.0.1:12346", 16, TimeSpan.FromSeconds(5), true, time, NullLogger.Instance);
        var changes = 0;
        lifecycler.StateChanged += () => changes++;
        await lifecycler.JoinAsync(CancellationToken.None);

        var snapshot = await ring.ReadAsync(CancellationToken.None);
        var self = Assert.Single(snapshot.Members);
        Assert.Equal(MemberState.Active, self.State);
        Assert.Equal(16, self.Tokens.Length);
        Assert.Equal("agent-1", snapshot.Owner("any-config", time.GetUtcNow(), Timeout)?.Id);

        await lifecycler.LeaveAsync(CancellationToken.None);
        Assert.Empty((await ring.ReadAsync(CancellationToken.None)).Members);
        Assert.Equal(2, changes);
    }

    [Fact]
    public async Task Heartbeat_KeepsMemberHealthy_CrashedMemberLosesConfigs()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var ring = new RingStore(new InMemoryKvStore());
        await using var live = new Lifecycler(ring, "live", "a:1", 32, TimeSpan.FromSeconds(5), true, time, NullLogger.Instance);
        var crashed = new Lifecycler(ring, "crashed", "b:1", 32, TimeSpan.FromSeconds(5), true, time, NullLogger.Instance);
        await live.JoinAsync(CancellationToken.None);
        await crashed.JoinAsync(CancellationToken.None);

        // "crashed" stops heartbeating without leaving (kill -9): after the timeout it owns nothing.
        await crashed.DisposeAsync();
        for (var i = 0; i < 20; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await WaitForHeartbeat(ring, "live", time.GetUtcNow());
        }

        var snapshot = await ring.ReadAsync(CancellationToken.None);
        Assert.Equal(2, snapshot.Members.Count);
        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal("live", snapshot.Owner($"c{i}", time.GetUtcNow(), Timeout)?.Id));
    }

    [Fact]
    public async Task Rejoin_KeepsTokens()
    {
        var time = new FakeTimeProvider();
        var ring = new RingStore(new InMemoryKvStore());
        uint[] first;
        await using (var a = new Lifecycler(ring, "a", "a:1", 8, TimeSpan.FromSeconds(5), false, time, NullLogger.Instance))
        {
            await a.JoinAsync(CancellationToken.None);
            first = a.Self!.Tokens;
            await a.LeaveAsync(CancellationToken.None);
        }

        await using var again = new Lifecycler(ring, "a", "a:1", 8, TimeSpan.FromSeconds(5), false, time, NullLogger.Instance);
        await again.JoinAsync(CancellationToken.None);
        Assert.Equal(first, again.Self!.Tokens);
    }

    private static async Task WaitForHeartbeat(RingStore ring, string id, DateTimeOffset now)
    {
        for (var i = 0; i < 200; i++)
        {
            var member = (await ring.ReadAsync(CancellationToken.None)).Members.First(m => m.Id == id);
            if (member.HeartbeatUnixMs >= now.ToUnixTimeMilliseconds())
            {
                return;
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"no heartbeat from {id} at {now}");
    }
}
