using Vigil.Common.Model;
using Vigil.Metrics.Scrape;
using Vigil.Metrics.Storage;
using Vigil.Metrics.Tests.Storage;
using Vigil.TestKit;
using static Vigil.Metrics.Tests.Scrape.ScrapeSetup;

namespace Vigil.Metrics.Tests.Scrape;

/// <summary>Scraping into the real agent WAL and reading back what a remote-write watcher would read.</summary>
public sealed class ScrapeWalTests
{
    [Fact]
    public async Task Scrape_IntoWalStorage_SeriesSamplesAndStaleMarkersInTheWal()
    {
        using var dir = new TempDirectory();
        using var target = new TestTarget(ScrapePages.Tricky);
        var wal = WalStorage.Open(dir.Path);
        await using (var manager = new ScrapeManager("wal", wal.Appender, Options()))
        {
            await manager.ApplyConfigAsync([Job("wal", target.Address)], CancellationToken.None);
            await ScrapedTargetAsync(manager, "wal", t => t.Health == TargetHealth.Up);
            target.Body = "nan_metric NaN\n";
            var changed = DateTimeOffset.UtcNow;
            await ScrapedTargetAsync(manager, "wal", t => t.LastScrape > changed && t.Health == TargetHealth.Up);
        }

        wal.Dispose();
        var contents = WalContents.Read(Path.Combine(dir.Path, "wal"));
        var byRef = contents.Series.ToDictionary(s => s.Ref, s => s.Labels);
        var samples = contents.Samples.Select(s => (Labels: byRef[s.Ref], s.T, s.V)).ToList();

        Assert.Contains(samples, s => s.Labels.Equals(Labels.FromStrings("__name__", "up", "instance", target.Address, "job", "wal")) && s.V == 1);
        var msdos = samples.Where(s => s.Labels.Get("__name__") == "msdos_file_access_time_seconds").ToList();
        Assert.Equal("C:\\DIR\\FILE.TXT", msdos[0].Labels.Get("path"));
        Assert.Equal(1.458255915e9, msdos[0].V);

        // The series gone from the page got exactly one stale marker; the one still there got none; explicit timestamps are not tracked.
        Assert.Single(msdos, s => BitConverter.DoubleToUInt64Bits(s.V) == WalStorage.StaleNaNBits);
        Assert.DoesNotContain(samples, s => s.Labels.Get("__name__") == "nan_metric" && BitConverter.DoubleToUInt64Bits(s.V) == WalStorage.StaleNaNBits);
        Assert.DoesNotContain(samples, s => s.Labels.Get("__name__") == "http_requests_total" && BitConverter.DoubleToUInt64Bits(s.V) == WalStorage.StaleNaNBits);

        // One series record per series: a steady target reuses its refs.
        Assert.Equal(contents.Series.Count, contents.Series.Select(s => s.Labels).Distinct().Count());
    }
}
