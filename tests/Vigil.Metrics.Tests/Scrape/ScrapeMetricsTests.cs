using System.Text;
using Prometheus;
using Vigil.Metrics.Scrape;
using Vigil.Metrics.Storage;
using Vigil.Metrics.Tests.Storage;
using Vigil.TestKit;
using static Vigil.Metrics.Tests.Scrape.ScrapeSetup;

namespace Vigil.Metrics.Tests.Scrape;

/// <summary>Self-metrics under Prometheus' names, and exemplars reaching the WAL.</summary>
public sealed class ScrapeMetricsTests
{
    [Fact]
    public async Task Scrape_SampleLimitAndTargets_CountedUnderPrometheusNames()
    {
        using var target = new TestTarget("a 1\nb 2\n");
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var storage = new RecordingStorage();
        await using var manager = Manager(storage, Prometheus.Metrics.WithCustomRegistry(registry));
        var job = Job("limited", target.Address);
        job.SampleLimit = 1;
        await manager.ApplyConfigAsync([job], CancellationToken.None);
        await storage.WaitUntilAsync(s => s.Series("up").Count >= 2, what: "two scrapes");

        var text = await ExportAsync(registry);
        Assert.Contains("prometheus_target_scrape_pool_targets{scrape_job=\"limited\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("prometheus_target_scrape_pool_target_limit{scrape_job=\"limited\"} 0", text, StringComparison.Ordinal);
        Assert.Matches("prometheus_target_scrapes_exceeded_sample_limit_total [1-9]", text);
        Assert.Matches("prometheus_target_interval_length_seconds_count\\{interval=\"300ms\"\\} [1-9]", text);
        Assert.Contains("prometheus_target_scrape_pools_total 1", text, StringComparison.Ordinal);
        Assert.Matches("prometheus_target_scrape_pool_sync_total\\{scrape_job=\"limited\"\\} [1-9]", text);
        Assert.Matches("prometheus_sd_updates_total\\{name=\"test\"\\} [1-9]", text);
    }

    [Fact]
    public async Task Scrape_OpenMetricsExemplar_StoredInTheWal()
    {
        using var dir = new TempDirectory();
        using var target = new TestTarget(ScrapePages.OpenMetrics, "application/openmetrics-text; version=1.0.0");
        var wal = WalStorage.Open(dir.Path);
        await using (var manager = new ScrapeManager("ex", wal.Appender, Options()))
        {
            await manager.ApplyConfigAsync([Job("ex", target.Address)], CancellationToken.None);
            await ScrapedTargetAsync(manager, "ex", t => t.Health == TargetHealth.Up);
        }

        wal.Dispose();
        var contents = WalContents.Read(Path.Combine(dir.Path, "wal"));
        var exemplar = Assert.Single(contents.Exemplars);
        Assert.Equal(0.67, exemplar.V);
        Assert.Equal("KOO5S4vxi0o", exemplar.Labels.Get("trace_id"));
        Assert.Equal("foo_total", contents.Series.Single(s => s.Ref == exemplar.Ref).Labels.Get("__name__"));
    }

    private static async Task<string> ExportAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
