using System.Text;
using Vigil.Common.Model;
using Vigil.Metrics.Scrape;

namespace Vigil.Metrics.Tests.Scrape;

public sealed class ScrapeCacheTests
{
    [Fact]
    public void CollectStale_SeriesMissingFromTheNextScrape_Returned()
    {
        var cache = new ScrapeCache(ScrapeMetrics.Unregistered());
        var a = cache.Add(Key("a"), 1, Labels.FromStrings("__name__", "a"));
        var b = cache.Add(Key("b"), 2, Labels.FromStrings("__name__", "b"));
        cache.TrackStaleness(a);
        cache.TrackStaleness(b);
        cache.IterDone(flushCache: true);

        Assert.True(cache.TryGet(Key("a"), out var again));
        cache.TrackStaleness(again);
        var stale = new List<Labels>();
        cache.CollectStale(stale);
        cache.IterDone(flushCache: true);

        Assert.Equal([Labels.FromStrings("__name__", "b")], stale);

        // b was not seen in the last scrape, so the flush evicted it; a stays.
        Assert.False(cache.TryGet(Key("b"), out _));
        Assert.True(cache.TryGet(Key("a"), out _));
    }

    [Fact]
    public void AbortIteration_FailedAppend_EveryPreviousSeriesStale()
    {
        var cache = new ScrapeCache(ScrapeMetrics.Unregistered());
        var a = cache.Add(Key("a"), 1, Labels.FromStrings("__name__", "a"));
        cache.TrackStaleness(a);
        cache.IterDone(flushCache: true);

        cache.TrackStaleness(a);
        cache.AbortIteration();
        var stale = new List<Labels>();
        cache.CollectStale(stale);

        Assert.Single(stale);
    }

    [Fact]
    public void IsDropped_RememberedUntilUnseen()
    {
        var cache = new ScrapeCache(ScrapeMetrics.Unregistered());
        cache.AddDropped(Key("x"));
        Assert.True(cache.IsDropped(Key("x")));
        cache.IterDone(flushCache: true);
        cache.IterDone(flushCache: true);

        Assert.False(cache.IsDropped(Key("x")));
    }

    private static byte[] Key(string s) => Encoding.UTF8.GetBytes(s);
}
