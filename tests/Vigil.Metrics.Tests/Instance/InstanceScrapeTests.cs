using Vigil.Metrics.Instance;
using Vigil.Metrics.Tests.Scrape;
using Vigil.Metrics.Tests.Storage;
using Vigil.TestKit;

namespace Vigil.Metrics.Tests.Instance;

/// <summary>Grafana Agent's TestInstance and TestInstance_Update as behaviour: scrapes land in the instance WAL.</summary>
public sealed class InstanceScrapeTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly TestTarget _target = new("# TYPE test_metric gauge\ntest_metric{a=\"1\"} 42\n");
    private InstanceManager _manager = null!;

    public Task InitializeAsync()
    {
        _manager = new InstanceManager(
            new InstanceOptions { WalDirectory = _dir.Path, DiscoveryUpdateInterval = TimeSpan.FromMilliseconds(50) },
            TimeSpan.FromMilliseconds(100));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _manager.DisposeAsync();
        _target.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Run_ScrapeConfig_SamplesInWalAndTargetUp()
    {
        await _manager.ApplyConfigAsync(InstanceManagerTests.Config(Yaml("test")), default);

        await InstanceManagerTests.Eventually(() => _target.Requests >= 2);
        var instance = _manager.GetInstance("test", out _)!;
        var targets = instance.Scrape!.ActiveTargets();
        var status = Assert.Single(targets["test"]);
        Assert.Equal(Vigil.Metrics.Scrape.TargetHealth.Up, status.Health);

        await _manager.DeleteConfigAsync("test", default);
        var wal = WalContents.Read(Path.Combine(_dir.Path, "test", "wal"));
        var names = wal.Series.Select(s => s.Labels.Get("__name__")).ToHashSet();
        Assert.Contains("test_metric", names);
        Assert.Contains("up", names);
        Assert.Contains("scrape_duration_seconds", names);
        var metric = wal.Series.Single(s => s.Labels.Get("__name__") == "test_metric");
        Assert.Equal($"{{__name__=\"test_metric\", a=\"1\", instance=\"{_target.Address}\", job=\"test\"}}", metric.Labels.ToString());
        Assert.Contains(wal.Samples, s => s.Ref == metric.Ref && s.V == 42);
    }

    [Fact]
    public async Task Update_AddsScrapeConfig_InPlace()
    {
        await _manager.ApplyConfigAsync(InstanceManagerTests.Config("name: upd\nscrape_configs: []\n"), default);
        await InstanceManagerTests.Eventually(() => _manager.GetInstance("upd", out _) is { IsReady: true });
        var first = _manager.GetInstance("upd", out _);

        await _manager.ApplyConfigAsync(InstanceManagerTests.Config(Yaml("upd")), default);

        Assert.Same(first, _manager.GetInstance("upd", out _));
        await InstanceManagerTests.Eventually(() => _target.Requests >= 1);
    }

    private string Yaml(string name) => $"""
        name: {name}
        scrape_configs:
        - job_name: {name}
          scrape_interval: 100ms
          scrape_timeout: 100ms
          static_configs:
          - targets: ['{_target.Address}']
        """;
}
