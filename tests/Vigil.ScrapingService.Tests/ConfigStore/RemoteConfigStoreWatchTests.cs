using Microsoft.Extensions.Logging.Abstractions;
using Vigil.ScrapingService.ConfigStore;
using Vigil.ScrapingService.Kv;
using Vigil.ScrapingService.Tests.Cluster;

namespace Vigil.ScrapingService.Tests.ConfigStore;

public sealed class RemoteConfigStoreWatchTests
{
    [Fact]
    public async Task Watch_PutDeleteMarkerAndGarbage_DecodedDeletedOrSkipped()
    {
        var kv = new InMemoryKvStore();
        await using var store = new RemoteConfigStore(new PrefixedKvStore(kv, "configurations/"), NullLogger.Instance);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = store.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var first = events.MoveNextAsync();

        await store.PutAsync("a", TestConfigs.Instance("a"), CancellationToken.None);
        await kv.PutAsync("configurations/garbage", [1, 2, 3], IKvStore.AnyVersion, CancellationToken.None);
        await kv.PutAsync("configurations/marker", [], IKvStore.AnyVersion, CancellationToken.None);
        await store.DeleteAsync("a", CancellationToken.None);

        Assert.True(await first);
        Assert.Equal("a", events.Current.Name);
        Assert.Equal("a", events.Current.Config?.ScrapeConfigs[0]?.JobName);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(("marker", null), (events.Current.Name, events.Current.Config));
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(("a", null), (events.Current.Name, events.Current.Config));
        await stop.CancelAsync();
        await events.DisposeAsync();
    }
}
