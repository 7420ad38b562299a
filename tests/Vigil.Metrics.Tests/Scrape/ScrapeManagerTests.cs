using Vigil.Common.Model;
using Vigil.Metrics.Relabel;
using Vigil.Metrics.Scrape;
using static Vigil.Metrics.Tests.Scrape.ScrapeSetup;

namespace Vigil.Metrics.Tests.Scrape;

/// <summary>The scrape engine end to end: a target on loopback, a manager, and what reaches the appender.</summary>
public sealed class ScrapeManagerTests
{
    [Fact]
    public async Task ApplyConfig_TrickyPage_StoresEverySampleWithTargetLabels()
    {
        using var target = new TestTarget(ScrapePages.Tricky);
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        await manager.ApplyConfigAsync([Job("tricky", target.Address)], CancellationToken.None);
        Assert.True(manager.IsReady);
        var status = await ScrapedTargetAsync(manager, "tricky", t => t.Health == TargetHealth.Up);
        await storage.WaitUntilAsync(s => s.Series("up").Any(u => u.V == 1), what: "one scrape");

        Assert.Equal("", status.LastError);
        Assert.Equal($"http://{target.Address}/metrics", status.ScrapeUrl);
        Assert.Equal(Labels.FromStrings("instance", target.Address, "job", "tricky"), status.Labels);
        Assert.Equal(target.Address, status.DiscoveredLabels.Get("__address__"));

        var up = storage.Series("up").First(u => u.V == 1);
        var samples = storage.Samples().Where(s => s.T == up.T || s.Name is "http_requests_total" or "something_weird").ToList();
        Assert.Equal(Labels.FromStrings("__name__", "up", "instance", target.Address, "job", "tricky"), up.Labels);
        Assert.Equal(14, samples.Single(s => s.Name == "scrape_samples_scraped").V);
        Assert.Equal(14, samples.Single(s => s.Name == "scrape_samples_post_metric_relabeling").V);
        Assert.Equal(14, samples.Single(s => s.Name == "scrape_series_added").V);
        Assert.InRange(samples.Single(s => s.Name == "scrape_duration_seconds").V, 0, 1);

        var msdos = samples.First(s => s.Name == "msdos_file_access_time_seconds");
        Assert.Equal("C:\\DIR\\FILE.TXT", msdos.Labels.Get("path"));
        Assert.Equal("Cannot find file:\n\"FILE.TXT\"", msdos.Labels.Get("error"));
        Assert.Equal(1.458255915e9, msdos.V);
        Assert.Equal(up.T, msdos.T);

        var requests = samples.First(s => s.Name == "http_requests_total" && s.Labels.Get("code") == "200");
        Assert.Equal(1395066363000, requests.T);
        Assert.Equal(Labels.FromStrings("__name__", "http_requests_total", "code", "200", "instance", target.Address, "job", "tricky", "method", "post"), requests.Labels);

        var weird = samples.First(s => s.Name == "something_weird");
        Assert.Equal(double.PositiveInfinity, weird.V);
        Assert.Equal(3982045, weird.T);
        var nan = samples.First(s => s.Name == "nan_metric");
        Assert.True(double.IsNaN(nan.V));
        Assert.False(nan.IsStale);
        Assert.Equal(double.NegativeInfinity, samples.First(s => s.Name == "neg_inf").V);
        Assert.Equal(144320, samples.First(s => s.Name == "http_request_duration_seconds_bucket" && s.Labels.Get("le") == "+Inf").V);
        Assert.Equal(4773, samples.First(s => s.Name == "rpc_duration_seconds" && s.Labels.Get("quantile") == "0.5").V);
        Assert.Equal(Labels.FromStrings("__name__", "metric_without_timestamp_and_labels", "instance", target.Address, "job", "tricky"),
            samples.First(s => s.Name == "metric_without_timestamp_and_labels").Labels);
    }

    [Fact]
    public async Task Scrape_Request_SendsPrometheusHeaders()
    {
        using var target = new TestTarget("a 1\n");
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        var job = Job("headers", target.Address);
        job.Params = new() { ["module"] = ["http 2xx"], ["b"] = ["1", "2"] };
        await manager.ApplyConfigAsync([job], CancellationToken.None);
        await ScrapedTargetAsync(manager, "headers");

        var request = target.LastRequest!;
        Assert.Equal("/metrics?b=1&b=2&module=http+2xx", request.PathAndQuery);
        Assert.Equal(
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
            request.Headers["Accept"]);
        Assert.Equal("gzip", request.Headers["Accept-Encoding"]);
        Assert.Equal("Vigil-test/1.0", request.Headers["User-Agent"]);
        Assert.Equal("0.3", request.Headers["X-Prometheus-Scrape-Timeout-Seconds"]);
    }

    [Theory]
    [InlineData(true, 1395066363000L)]
    [InlineData(false, 0L)]
    public async Task Scrape_HonorTimestamps_DecidesSampleTime(bool honor, long expected)
    {
        using var target = new TestTarget("a 1 1395066363000\n");
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        var job = Job("ts", target.Address);
        job.HonorTimestamps = honor;
        await manager.ApplyConfigAsync([job], CancellationToken.None);
        await storage.WaitUntilAsync(s => s.Series("a").Count >= 1, what: "a scraped");

        var a = storage.Series("a")[0];
        Assert.Equal(expected == 0 ? storage.Series("up").First(u => u.V == 1).T : expected, a.T);
    }

    [Theory]
    [InlineData(false, "m{job=\"exposed\",instance=\"x\",exported_job=\"e\"} 1", "exported_exported_job=exposed,exported_instance=x,exported_job=e,instance=T,job=j")]
    [InlineData(true, "m{job=\"exposed\",instance=\"x\"} 1", "instance=x,job=exposed")]
    [InlineData(true, "m{other=\"y\"} 1", "instance=T,job=j,other=y")]
    [InlineData(false, "m{job=\"\"} 1", "instance=T,job=j")]
    public async Task Scrape_HonorLabels_ResolvesConflicts(bool honor, string page, string expected)
    {
        using var target = new TestTarget(page + "\n");
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        var job = Job("j", target.Address);
        job.HonorLabels = honor;
        await manager.ApplyConfigAsync([job], CancellationToken.None);
        await storage.WaitUntilAsync(s => s.Series("m").Count >= 1, what: "m scraped");

        var labels = storage.Series("m")[0].Labels.Where(l => l.Name != "__name__").Select(l => $"{l.Name}={l.Value}");
        Assert.Equal(expected.Replace("=T", "=" + target.Address, StringComparison.Ordinal), string.Join(",", labels));
    }

    [Theory]
    [InlineData("text/plain; version=0.0.4", false, ScrapePages.Tricky, 14)]
    [InlineData("text/plain; version=0.0.4", true, ScrapePages.Tricky, 14)]
    [InlineData("application/openmetrics-text; version=1.0.0; charset=utf-8", false, ScrapePages.OpenMetrics, 3)]
    [InlineData("application/openmetrics-text; version=1.0.0; charset=utf-8", true, ScrapePages.OpenMetrics, 3)]
    public async Task Scrape_ContentTypeAndGzip_ParsedWithTheRightParser(string contentType, bool gzip, string page, int samples)
    {
        using var target = new TestTarget(page, contentType) { Gzip = gzip };
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        await manager.ApplyConfigAsync([Job("ct", target.Address)], CancellationToken.None);
        await storage.WaitUntilAsync(s => s.Series("up").Any(u => u.V == 1), what: "one good scrape");

        var up = storage.Series("up").First(u => u.V == 1);
        Assert.Equal(samples, storage.Series("scrape_samples_scraped").Single(s => s.T == up.T).V);
    }

    [Fact]
    public async Task Scrape_OpenMetricsInSeconds_TimestampConvertedToMilliseconds()
    {
        using var target = new TestTarget("a 1 1520879607.789\n# EOF\n", "application/openmetrics-text; version=1.0.0");
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        await manager.ApplyConfigAsync([Job("om", target.Address)], CancellationToken.None);
        await storage.WaitUntilAsync(s => s.Series("a").Count >= 1, what: "a scraped");

        Assert.Equal(1520879607789, storage.Series("a")[0].T);
    }

    [Fact]
    public async Task Scrape_MetricRelabelDrop_CountsPostRelabelingAndSkipsSeries()
    {
        using var target = new TestTarget("keep_me 1\ndrop_me 2\ndrop_me_too{a=\"b\"} 3\n");
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        var job = Job("relabel", target.Address);
        job.MetricRelabelConfigs = [new RelabelConfig { SourceLabels = ["__name__"], Regex = "drop_.*", Action = "drop" }];
        await manager.ApplyConfigAsync([job], CancellationToken.None);
        await storage.WaitUntilAsync(s => s.Series("up").Count(u => u.V == 1) >= 2, what: "two scrapes");

        Assert.DoesNotContain(storage.Samples(), s => s.Name.StartsWith("drop_", StringComparison.Ordinal));
        var good = storage.Series("up").Where(u => u.V == 1).Select(u => u.T).ToList();
        Assert.Equal(3, storage.Series("scrape_samples_scraped").First(s => s.T == good[0]).V);
        Assert.Equal(1, storage.Series("scrape_samples_post_metric_relabeling").First(s => s.T == good[0]).V);
        Assert.Equal(1, storage.Series("scrape_samples_post_metric_relabeling").First(s => s.T == good[1]).V);
        Assert.Equal(1, storage.Series("scrape_series_added").First(s => s.T == good[0]).V);
        Assert.Equal(0, storage.Series("scrape_series_added").First(s => s.T == good[1]).V);
    }
}
