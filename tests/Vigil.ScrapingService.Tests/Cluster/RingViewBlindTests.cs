using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigil.ScrapingService.Cluster;
using Vigil.ScrapingService.Kv;
using Vigil.ScrapingService.Ring;

namespace Vigil.ScrapingService.Tests.Cluster;

/// <summary>
/// When the KV store is unreachable every heartbeat in an agent's view ages, its own too: the agent must keep its
/// configs rather than stop them all (found by the 3-agent etcd restart test: 8 s without scrapes).
/// </summary>
public sealed class RingViewBlindTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Owner_SelfHeartbeatStale_FollowsLastLayout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new RingStore(new InMemoryKvStore());
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await store.WriteAsync(new RingMember("a", "a:1", MemberState.Active, [100u, 300u], now, now), default);
        await store.WriteAsync(new RingMember("b", "b:1", MemberState.Active, [200u, 400u], now, now), default);
        await using var view = new RingView(store, TimeSpan.FromHours(1), Timeout, time, NullLogger.Instance);
        await view.StartAsync(default);
        var key = Enumerable.Range(0, 1000).Select(i => "cfg-" + i).First(k => view.Owner(k)?.Id == "a");

        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Null(view.Owner(key));
        Assert.Equal("a", view.Owner(key, "a")?.Id);
        Assert.Equal("a", view.Owner(key, "b")?.Id);
    }

    [Fact]
    public async Task Owner_SelfHealthyPeerStale_PeerConfigsMoveToSelf()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new RingStore(new InMemoryKvStore());
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await store.WriteAsync(new RingMember("a", "a:1", MemberState.Active, [100u, 300u], now, now), default);
        await store.WriteAsync(new RingMember("b", "b:1", MemberState.Active, [200u, 400u], now, now), default);
        await using var view = new RingView(store, TimeSpan.FromHours(1), Timeout, time, NullLogger.Instance);
        await view.StartAsync(default);
        var key = Enumerable.Range(0, 1000).Select(i => "cfg-" + i).First(k => view.Owner(k)?.Id == "a");

        time.Advance(TimeSpan.FromSeconds(30));
        var later = time.GetUtcNow().ToUnixTimeMilliseconds();
        await store.WriteAsync(new RingMember("b", "b:1", MemberState.Active, [200u, 400u], later, now), default);
        await view.ReadAsync(default);

        Assert.Equal("b", view.Owner(key, "b")?.Id);
    }
}
