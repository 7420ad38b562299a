using Vigil.Metrics.Relabel;
using Vigil.Metrics.Scrape;
using static Vigil.Metrics.Tests.Scrape.ScrapeSetup;

namespace Vigil.Metrics.Tests.Scrape;

/// <summary>Stale markers exactly where Prometheus writes them: a series gone, a failed scrape, a target gone.</summary>
public sealed class ScrapeStalenessTests
{
    [Fact]
    public async Task Scrape_SeriesDisappears_OneStaleMarkerAtThatScrape()
    {
        using var target = new TestTarget("a 1\nb 2\n");
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        await manager.ApplyConfigAsync([Job("j", target.Address)], CancellationToken.None);
        await storage.WaitUntilAsync(s => s.Series("b").Count >= 1, what: "b scraped");

        target.Body = "a 1\n";
        await storage.WaitUntilAsync(s => s.Series("b").Any(x => x.IsStale), what: "b stale");
        var staleAt = storage.Series("b").Single(x => x.IsStale).T;
        var scrapesAfter = storage.Series("up").Count(u => u.T > staleAt);
        await storage.WaitUntilAsync(s => s.Series("up").Count(u => u.T > staleAt) >= scrapesAfter + 2, what: "two more scrapes");

        Assert.Single(storage.Series("b"), x => x.IsStale);
        Assert.Contains(storage.Series("up"), u => u.T == staleAt && u.V == 1);
        Assert.DoesNotContain(storage.Series("a"), x => x.IsStale);
        Assert.Equal(1, storage.Series("scrape_samples_scraped").Single(x => x.T == staleAt).V);
    }

    [Fact]
    public async Task Scrape_Fails_EveryPreviousSeriesStaleAndUpZero()
    {
        using var target = new TestTarget("a 1\nb{x=\"y\"} 2\n");
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        await manager.ApplyConfigAsync([Job("j", target.Address)], CancellationToken.None);
        await storage.WaitUntilAsync(s => s.Series("up").Any(u => u.V == 1), what: "up");

        target.Status = 500;
        await storage.WaitUntilAsync(s => s.Series("up").Any(u => u.V == 0), what: "down");
        var failedAt = storage.Series("up").First(u => u.V == 0).T;
        Assert.Single(storage.Series("a"), x => x.IsStale && x.T == failedAt);
        Assert.Single(storage.Series("b"), x => x.IsStale && x.T == failedAt);
        Assert.Equal(0, storage.Series("scrape_samples_scraped").Single(x => x.T == failedAt).V);
        var status = await ScrapedTargetAsync(manager, "j", t => t.Health == TargetHealth.Down);
        Assert.Equal("server returned HTTP status 500 Internal Server Error", status.LastError);

        target.Status = 200;
        await storage.WaitUntilAsync(s => s.Series("up").Any(u => u.V == 1 && u.T > failedAt), what: "up again");
        Assert.Single(storage.Series("a"), x => x.IsStale);
        Assert.Contains(storage.Series("a"), x => x.T > failedAt && x.V == 1);
    }

    [Fact]
    public async Task ApplyConfig_TargetRemoved_StaleMarkersAfterTheNextInterval()
    {
        using var target = new TestTarget("a 1\n");
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        await manager.ApplyConfigAsync([Job("j", target.Address)], CancellationToken.None);
        await storage.WaitUntilAsync(s => s.Series("a").Count >= 1, what: "a scraped");

        await manager.ApplyConfigAsync([Job("j")], CancellationToken.None);
        await storage.WaitUntilAsync(s => s.Series("a").Any(x => x.IsStale), what: "a stale");
        await storage.WaitUntilAsync(s => s.Series("up").Any(x => x.IsStale), what: "up stale");

        var lastUp = storage.Series("up").Where(u => !u.IsStale).Max(u => u.T);
        var stale = storage.Series("a").Single(x => x.IsStale);
        Assert.True(stale.T > lastUp, "the stale marker is stamped with the time of the scrape that did not happen");
        Assert.All(ScrapeLoop.ReportNames, n => Assert.Single(storage.Series(n), x => x.IsStale));
        Assert.Empty(manager.ActiveTargets()["j"]);
    }

    [Fact]
    public async Task ApplyConfig_JobRemoved_StaleMarkersWritten()
    {
        using var target = new TestTarget("a 1\n");
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        await manager.ApplyConfigAsync([Job("j", target.Address)], CancellationToken.None);
        await storage.WaitUntilAsync(s => s.Series("a").Count >= 1, what: "a scraped");

        await manager.ApplyConfigAsync([], CancellationToken.None);
        await storage.WaitUntilAsync(s => s.Series("a").Any(x => x.IsStale) && s.Series("up").Any(x => x.IsStale), what: "stale markers");
        Assert.Empty(manager.ActiveTargets());
    }

    [Fact]
    public async Task StopAsync_RunningTargets_NoStaleMarkers()
    {
        using var target = new TestTarget("a 1\n");
        var storage = new RecordingStorage();
        var manager = Manager(storage);
        await manager.ApplyConfigAsync([Job("j", target.Address)], CancellationToken.None);
        await storage.WaitUntilAsync(s => s.Series("a").Count >= 1, what: "a scraped");

        await manager.StopAsync();
        var count = storage.Samples().Count;
        await Task.Delay(Interval * 3);

        Assert.Equal(count, storage.Samples().Count);
        Assert.DoesNotContain(storage.Samples(), s => s.IsStale);
        await manager.DisposeAsync();
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 1)]
    public async Task ApplyConfig_SameOrChangedJob_ReloadsOnlyWhenChanged(bool change, int reloads)
    {
        using var target = new TestTarget("a 1\n");
        var storage = new RecordingStorage();
        var registry = Prometheus.Metrics.NewCustomRegistry();
        await using var manager = Manager(storage, Prometheus.Metrics.WithCustomRegistry(registry));
        await manager.ApplyConfigAsync([Job("j", target.Address)], CancellationToken.None);
        var before = await ScrapedTargetAsync(manager, "j");

        var again = Job("j", target.Address);
        again.HonorLabels = change;
        await manager.ApplyConfigAsync([again], CancellationToken.None);
        var after = manager.ActiveTargets()["j"].Single();

        Assert.Equal(reloads, new Vigil.Metrics.Scrape.ScrapeMetrics(Prometheus.Metrics.WithCustomRegistry(registry)).PoolReloads.Value);

        // A reloaded loop keeps showing its predecessor's last result until its own first scrape.
        Assert.NotNull(after.LastScrape);
        Assert.True(after.LastScrape >= before.LastScrape);
    }

    [Fact]
    public async Task ApplyConfig_MetricRelabelChanged_ContinuingSeriesNotStaleDroppedOneIs()
    {
        using var target = new TestTarget("a 1\nb 2\n");
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        await manager.ApplyConfigAsync([Job("j", target.Address)], CancellationToken.None);
        await storage.WaitUntilAsync(s => s.Series("b").Count >= 1, what: "b scraped");

        var changed = Job("j", target.Address);
        changed.MetricRelabelConfigs = [new RelabelConfig { SourceLabels = ["__name__"], Regex = "b", Action = "drop" }];
        await manager.ApplyConfigAsync([changed], CancellationToken.None);
        await storage.WaitUntilAsync(s => s.Series("b").Any(x => x.IsStale), what: "b stale");
        var staleAt = storage.Series("b").Single(x => x.IsStale).T;
        await storage.WaitUntilAsync(s => s.Series("a").Count(x => x.T > staleAt) >= 2, what: "a continues");

        Assert.DoesNotContain(storage.Samples(), s => s.IsStale && s.Name != "b");
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 1)]
    public async Task Scrape_TimestampedSeriesDisappears_StaleOnlyWithTrackTimestampsStaleness(bool track, int staleMarkers)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var target = new TestTarget($"a 1\nb 2 {now}\n");
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        var job = Job("j", target.Address);
        job.TrackTimestampsStaleness = track;
        await manager.ApplyConfigAsync([job], CancellationToken.None);
        await storage.WaitUntilAsync(s => s.Series("b").Count >= 1, what: "b scraped");

        target.Body = "a 1\n";
        var changedAt = storage.Series("up").Max(u => u.T);
        await storage.WaitUntilAsync(s => s.Series("up").Count(u => u.T > changedAt && u.V == 1) >= 3, what: "three scrapes without b");

        Assert.Equal(staleMarkers, storage.Series("b").Count(x => x.IsStale));
    }

    [Fact]
    public async Task Sync_GroupFilter_AppliedBeforeTargetsAreBuilt()
    {
        using var kept = new TestTarget("a 1\n");
        using var filtered = new TestTarget("a 1\n");
        var storage = new RecordingStorage();
        var options = Options() with
        {
            GroupFilter = (job, groups) => groups
                .Select(g => g with { Targets = g.Targets.Where(t => t.Get("__address__") != filtered.Address).ToArray() })
                .ToArray(),
        };
        await using var manager = new ScrapeManager("test", storage.Appender, options);
        await manager.ApplyConfigAsync([Job("j", kept.Address, filtered.Address)], CancellationToken.None);
        var status = await ScrapedTargetAsync(manager, "j");

        Assert.Equal(kept.Address, status.Labels.Get("instance"));
        Assert.Equal(0, filtered.Requests);
    }

    [Fact]
    public async Task ApplyConfig_JobRemovedDuringSlowScrape_ScrapeAbandonedNothingAppended()
    {
        using var target = new TestTarget("a 1\n") { Delay = TimeSpan.FromSeconds(20) };
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        var job = Job("slow", target.Address);
        job.ScrapeInterval = Vigil.Common.Yaml.PromDuration.FromSeconds(10);
        job.ScrapeTimeout = Vigil.Common.Yaml.PromDuration.FromSeconds(10);
        await manager.ApplyConfigAsync([job], CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (target.Requests == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, target.Requests);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await manager.ApplyConfigAsync([], CancellationToken.None);

        // Well under the 10 s timeout: the scrape in flight was abandoned, not waited for.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), $"took {stopwatch.Elapsed}");
        await Task.Delay(Interval);
        Assert.Empty(storage.Samples());
    }
}
