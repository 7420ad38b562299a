using Vigil.Common.Model;
using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.Metrics.Discovery.Targets;
using Vigil.Metrics.Scrape;

namespace Vigil.Metrics.Tests.Scrape;

public sealed class ActiveTargetTests
{
    [Theory]
    [InlineData("http", "h:80", "/metrics", "", "http://h:80/metrics")]
    [InlineData("https", "h:443", "/probe", "__param_target=a b&c", "https://h:443/probe?target=a+b%26c")]
    [InlineData("http", "h:1", "/m", "__param_module=x", "http://h:1/m?a=1&a=2&module=x")]
    [InlineData("http", "h:1", "/m", "__param_a=9", "http://h:1/m?a=9&a=2")]
    [InlineData("http", "h:1", "metrics", "", "http://h:1/metrics")]
    public void BuildUrl_LabelsAndParams_PrometheusUrl(string scheme, string address, string path, string paramLabels, string expected)
    {
        var pairs = new List<string> { "__scheme__", scheme, "__address__", address, "__metrics_path__", path };
        foreach (var p in paramLabels.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            pairs.Add(p[..eq]);
            pairs.Add(p[(eq + 1)..]);
        }

        var configParams = path == "/m" ? new Dictionary<string, List<string>> { ["a"] = ["1", "2"] } : [];

        Assert.Equal(expected, ActiveTarget.BuildUrl(Labels.FromStrings([.. pairs]), configParams));
    }

    [Fact]
    public void Offset_AnyTime_WithinIntervalAndStableAcrossCalls()
    {
        var target = Target("h:1");
        var interval = TimeSpan.FromSeconds(15);
        var now = DateTimeOffset.Parse("2026-11-26T17:00:00.123Z", System.Globalization.CultureInfo.InvariantCulture);

        var offset = target.Offset(interval, 42, now);
        var later = target.Offset(interval, 42, now + TimeSpan.FromSeconds(1));

        Assert.InRange(offset, TimeSpan.Zero, interval);

        // The phase is pinned to absolute time: a second later the wait is a second shorter (modulo the interval).
        Assert.Equal((offset - TimeSpan.FromSeconds(1) + interval).Ticks % interval.Ticks, later.Ticks % interval.Ticks);
    }

    [Fact]
    public void Offset_ManyTargets_SpreadOverTheInterval()
    {
        var interval = TimeSpan.FromSeconds(10);
        var now = DateTimeOffset.UnixEpoch;
        var offsets = Enumerable.Range(1, 200).Select(i => Target($"h:{i}").Offset(interval, 0, now).TotalSeconds).ToList();

        Assert.True(offsets.Count(o => o < 5) is > 60 and < 140, "roughly half of the targets in each half of the interval");
    }

    [Fact]
    public void Ctor_IntervalLabels_OverrideConfigAndInvalidOnesFail()
    {
        var settings = ScrapeSettings.From(new ScrapeConfig { JobName = "j", ScrapeInterval = PromDuration.FromSeconds(10), ScrapeTimeout = PromDuration.FromSeconds(5) });
        var custom = new ActiveTarget(new ScrapeTarget(Labels.FromStrings("__address__", "h:1", "__scrape_interval__", "30s", "__scrape_timeout__", "2s"), Labels.Empty), settings);
        var broken = new ActiveTarget(new ScrapeTarget(Labels.FromStrings("__address__", "h:1", "__scrape_interval__", "soon"), Labels.Empty), settings);

        Assert.Equal(TimeSpan.FromSeconds(30), custom.Interval);
        Assert.Equal(TimeSpan.FromSeconds(2), custom.Timeout);
        Assert.Null(custom.ConfigError);
        Assert.StartsWith("error parsing interval label \"soon\"", broken.ConfigError, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(10), broken.Interval);
    }

    private static ActiveTarget Target(string address) =>
        new(new ScrapeTarget(Labels.FromStrings("__address__", address, "__scheme__", "http", "__metrics_path__", "/metrics", "job", "j"), Labels.Empty),
            ScrapeSettings.From(new ScrapeConfig { JobName = "j", ScrapeInterval = PromDuration.FromSeconds(10), ScrapeTimeout = PromDuration.FromSeconds(5) }));
}
