using Vigil.Common.Yaml;
using Vigil.Metrics.Scrape;
using Vigil.Metrics.Storage;
using Vigil.Metrics.Tests.Storage;
using Vigil.TestKit;
using Vigil.TestKit.Peers;
using static Vigil.Metrics.Tests.Scrape.ScrapeSetup;

namespace Vigil.Metrics.Tests.Scrape;

/// <summary>The real node_exporter as a target: a large, real page, scraped into the agent WAL.</summary>
public sealed class NodeExporterScrapeTests
{
    [Fact]
    public async Task Scrape_NodeExporter_UpAndHundredsOfSeriesInTheWal()
    {
        await using var exporter = await NodeExporter.StartAsync();
        using var dir = new TempDirectory();
        var wal = WalStorage.Open(dir.Path);
        TargetStatus status;
        await using (var manager = new ScrapeManager("node", wal.Appender, Options()))
        {
            var job = Job("node", exporter.Address);

            // node_exporter takes longer than the other tests' targets to render its page.
            job.ScrapeInterval = new PromDuration(TimeSpan.FromSeconds(1));
            job.ScrapeTimeout = new PromDuration(TimeSpan.FromSeconds(1));
            await manager.ApplyConfigAsync([job], CancellationToken.None);
            status = await ScrapedTargetAsync(manager, "node", t => t.Health == TargetHealth.Up);
        }

        wal.Dispose();
        Assert.Equal("", status.LastError);
        var contents = WalContents.Read(Path.Combine(dir.Path, "wal"));
        var byRef = contents.Series.ToDictionary(s => s.Ref, s => s.Labels);
        var samples = contents.Samples.Select(s => (Labels: byRef[s.Ref], s.V)).ToList();
        Assert.Contains(samples, s => s.Labels.Get("__name__") == "up" && s.V == 1);
        var scraped = samples.First(s => s.Labels.Get("__name__") == "scrape_samples_scraped").V;
        Assert.True(scraped > 100, $"node_exporter exposed {scraped} samples");
        Assert.True(contents.Series.Count > 100, $"{contents.Series.Count} series");
        Assert.Contains(samples, s => s.Labels.Get("__name__") == "node_exporter_build_info" && s.Labels.Get("job") == "node");
    }
}
