using System.Runtime.CompilerServices;
using System.Text;
using Vigil.Common.Model;
using Vigil.Metrics.Scrape;

namespace Vigil.Metrics.Tests.Scrape;

public sealed class ScrapeCacheTests
{
    [Fact]
    public void CollectStale_SeriesMissingFromTheNextScrape_Returned()
    {
        var cache = AfterOneScrape("a", "b");

        Expose(cache, "a");
        var stale = new List<Labels>();
        cache.CollectStale(stale);
        cache.IterDone(flushCache: true);

        Assert.Equal([Labels.FromStrings("__name__", "b")], stale);

        // b was not seen in the last scrape, so the flush evicted it; a stays.
        Assert.False(Has(cache, "b"));
        Assert.True(Has(cache, "a"));
    }

    [Fact]
    public void Add_ManySeries_EntriesKeepTheirRefsAndLabels()
    {
        var cache = new ScrapeCache(ScrapeMetrics.Unregistered());
        for (var i = 0; i < 1000; i++)
        {
            ref var added = ref cache.Add(Key($"s{i}"), (ulong)i + 1, Labels.FromStrings("__name__", $"s{i}"));
            Assert.Equal((ulong)i + 1, added.Ref);
        }

        ref var entry = ref cache.TryGet(Key("s500"));
        entry.Ref = 7;
        Assert.Equal(7UL, cache.TryGet(Key("s500")).Ref);
        Assert.Equal(Labels.FromStrings("__name__", "s999"), cache.TryGet(Key("s999")).Labels);
        Assert.Equal(1000, cache.Count);
    }

    [Fact]
    public void IterDone_SettledTarget_EntriesSurviveTheShrink()
    {
        var cache = new ScrapeCache(ScrapeMetrics.Unregistered());
        for (var scrape = 0; scrape < 3; scrape++)
        {
            for (var i = 0; i < 1000; i++)
            {
                ref var entry = ref cache.TryGet(Key($"s{i}"));
                if (Unsafe.IsNullRef(ref entry))
                {
                    entry = ref cache.Add(Key($"s{i}"), (ulong)i + 1, Labels.FromStrings("__name__", $"s{i}"));
                }

                cache.TrackStaleness(ref entry);
            }

            var stale = new List<Labels>();
            cache.CollectStale(stale);
            Assert.Empty(stale);
            cache.IterDone(flushCache: true);
        }

        Assert.Equal(1000, cache.Count);
        Assert.Equal(501UL, cache.TryGet(Key("s500")).Ref);
    }

    [Fact]
    public void AbortIteration_FailedAppend_EveryPreviousSeriesStale()
    {
        var cache = AfterOneScrape("a");

        Expose(cache, "a");
        cache.AbortIteration();
        var stale = new List<Labels>();
        cache.CollectStale(stale);

        Assert.Single(stale);
    }

    [Fact]
    public void CollectStale_TwoLinesWithOneFinalLabelSet_StaleOnlyWhenBothAreGone()
    {
        // Two page lines that metric relabeling turns into one series (e.g. a label dropped).
        var cache = new ScrapeCache(ScrapeMetrics.Unregistered());
        var labels = Labels.FromStrings("__name__", "a");
        cache.Add(Key("a{x=\"1\"}"), 1, labels);
        cache.Add(Key("a{x=\"2\"}"), 1, labels);
        Expose(cache, "a{x=\"1\"}");
        Expose(cache, "a{x=\"2\"}");
        cache.IterDone(flushCache: true);

        Expose(cache, "a{x=\"1\"}");
        var stale = new List<Labels>();
        cache.CollectStale(stale);
        cache.IterDone(flushCache: true);
        Assert.Empty(stale);

        // Now neither line is there: one stale marker for the set.
        cache.CollectStale(stale);
        cache.IterDone(flushCache: true);
        Assert.Equal([labels], stale);
    }

    [Fact]
    public void CollectStale_AfterTheStaleScrape_NotReportedAgain()
    {
        var cache = AfterOneScrape("a", "b");

        // A failed scrape (empty page, no flush): both stale once, and not again on the next failure.
        var stale = new List<Labels>();
        cache.CollectStale(stale);
        cache.IterDone(flushCache: false);
        Assert.Equal(2, stale.Count);

        stale.Clear();
        cache.CollectStale(stale);
        cache.IterDone(flushCache: false);
        Assert.Empty(stale);
    }

    [Fact]
    public void SeedPrevious_InheritedSeries_StaleOnlyWhenTheFirstScrapeMissesThem()
    {
        var old = AfterOneScrape("a", "b");
        var previous = old.PreviousSeries();
        Assert.Equal(2, previous.Count);

        var cache = new ScrapeCache(ScrapeMetrics.Unregistered());
        cache.SeedPrevious(previous);
        Assert.Equal(2, cache.PreviousSeries().Count);
        cache.Add(Key("a"), 1, Labels.FromStrings("__name__", "a"));
        Expose(cache, "a");
        var stale = new List<Labels>();
        cache.CollectStale(stale);
        cache.IterDone(flushCache: true);
        Assert.Equal([Labels.FromStrings("__name__", "b")], stale);

        // The inherited set is used once: the next scrape diffs against this loop's own series.
        Assert.Single(cache.PreviousSeries());
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

    /// <summary>A cache after one completed scrape that exposed a series per key (named like the key).</summary>
    private static ScrapeCache AfterOneScrape(params string[] keys)
    {
        var cache = new ScrapeCache(ScrapeMetrics.Unregistered());
        for (var i = 0; i < keys.Length; i++)
        {
            cache.Add(Key(keys[i]), (ulong)i + 1, Labels.FromStrings("__name__", keys[i]));
            Expose(cache, keys[i]);
        }

        cache.IterDone(flushCache: true);
        return cache;
    }

    private static void Expose(ScrapeCache cache, string key)
    {
        ref var entry = ref cache.TryGet(Key(key));
        Assert.False(Unsafe.IsNullRef(ref entry));
        cache.TrackStaleness(ref entry);
    }

    private static bool Has(ScrapeCache cache, string key) => !Unsafe.IsNullRef(ref cache.TryGet(Key(key)));

    private static byte[] Key(string s) => Encoding.UTF8.GetBytes(s);
}
