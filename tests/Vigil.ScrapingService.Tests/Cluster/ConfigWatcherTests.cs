using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigil.Metrics.Config;
using Vigil.ScrapingService.Cluster;
using Vigil.ScrapingService.ConfigStore;
using Vigil.ScrapingService.Kv;

namespace Vigil.ScrapingService.Tests.Cluster;

/// <summary>Grafana Agent's config_watcher_test.go behaviours (static-mode.md §9.3), against an in-memory store.</summary>
public sealed class ConfigWatcherTests : IAsyncLifetime
{
    private readonly RemoteConfigStore _store = new(new PrefixedKvStore(new InMemoryKvStore(), "configurations/"), NullLogger.Instance);
    private readonly FakeInstanceManager _instances = new();
    private readonly HashSet<string> _owned = [];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly ClusterMetrics _metrics = TestConfigs.NewMetrics();
    private ConfigWatcher _watcher = null!;

    public Task InitializeAsync()
    {
        _watcher = new ConfigWatcher(_instances, _metrics, _time, NullLogger.Instance);
        _watcher.Apply(new ConfigWatcherSettings(_store, TestConfigs.Metrics(), Owns));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _watcher.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task Refresh_AppliesFound_ThenDeletesMissing()
    {
        await PutOwned("hello");
        await PutOwned("world");
        Assert.True(await _watcher.RefreshAsync(CancellationToken.None));
        Assert.Equal(["hello", "world"], _instances.Running);

        await _store.DeleteAsync("hello", CancellationToken.None);
        Assert.True(await _watcher.RefreshAsync(CancellationToken.None));
        Assert.Equal(["hello"], _instances.Deletes);
        Assert.Equal(["world"], _instances.Running);
        Assert.Equal(2, _watcher.Refreshes);
    }

    [Fact]
    public async Task Refresh_Unchanged_NotAppliedAgain()
    {
        await PutOwned("hello");
        await _watcher.RefreshAsync(CancellationToken.None);
        await _watcher.RefreshAsync(CancellationToken.None);
        Assert.Equal(["hello"], _instances.Applies);
    }

    [Fact]
    public async Task Refresh_SkipsUnowned_DeletesLostOwnership()
    {
        await PutOwned("mine");
        await _store.PutAsync("theirs", TestConfigs.Instance("theirs"), CancellationToken.None);
        await _watcher.RefreshAsync(CancellationToken.None);
        Assert.Equal(["mine"], _instances.Running);

        _owned.Remove("mine");
        _owned.Add("theirs");
        await _watcher.RefreshAsync(CancellationToken.None);
        Assert.Equal(["theirs"], _instances.Running);
        Assert.Equal(["mine"], _instances.Deletes);
    }

    [Fact]
    public async Task HandleEvent_NewOwned_Applied()
    {
        _owned.Add("new");
        Assert.True(await _watcher.HandleEventAsync("new", TestConfigs.Instance("new"), CancellationToken.None));
        Assert.Equal(["new"], _instances.Applies);
        Assert.Equal(["new"], _watcher.Applied);
    }

    [Fact]
    public async Task HandleEvent_UpdatedOwned_AppliedAgain()
    {
        _owned.Add("cfg");
        await _watcher.HandleEventAsync("cfg", TestConfigs.Instance("cfg", "15s"), CancellationToken.None);
        await _watcher.HandleEventAsync("cfg", TestConfigs.Instance("cfg", "30s"), CancellationToken.None);
        Assert.Equal(["cfg", "cfg"], _instances.Applies);
        Assert.Equal("30s", _instances.ListConfigs().Single().ScrapeConfigs[0]!.ScrapeInterval.ToString());
    }

    [Fact]
    public async Task HandleEvent_NewUnowned_Ignored()
    {
        Assert.True(await _watcher.HandleEventAsync("other", TestConfigs.Instance("other"), CancellationToken.None));
        Assert.Empty(_instances.Applies);
        Assert.Empty(_instances.Deletes);
    }

    [Fact]
    public async Task HandleEvent_LostOwnership_Deleted()
    {
        _owned.Add("cfg");
        await _watcher.HandleEventAsync("cfg", TestConfigs.Instance("cfg"), CancellationToken.None);
        _owned.Remove("cfg");
        await _watcher.HandleEventAsync("cfg", TestConfigs.Instance("cfg"), CancellationToken.None);
        Assert.Equal(["cfg"], _instances.Deletes);
        Assert.Empty(_instances.Running);
        Assert.Empty(_watcher.Applied);
    }

    [Fact]
    public async Task HandleEvent_DeletedRunning_Deleted()
    {
        _owned.Add("cfg");
        await _watcher.HandleEventAsync("cfg", TestConfigs.Instance("cfg"), CancellationToken.None);
        await _watcher.HandleEventAsync("cfg", null, CancellationToken.None);
        Assert.Equal(["cfg"], _instances.Deletes);
        Assert.Empty(_instances.Running);
    }

    [Fact]
    public async Task HandleEvent_InvalidConfig_CountedAndNotApplied()
    {
        _owned.Add("bad");
        var bad = TestConfigs.Instance("bad");
        bad.WalTruncateFrequency = Vigil.Common.Yaml.Duration.Zero;
        Assert.False(await _watcher.HandleEventAsync("bad", bad, CancellationToken.None));
        Assert.Empty(_instances.Applies);
        Assert.Equal(1, _metrics.ConfigErrors.WithLabels(ClusterMetrics.ReasonInvalid).Value);
    }

    [Fact]
    public async Task HandleEvent_ConfigReadingFiles_Refused()
    {
        _owned.Add("files");
        var config = TestConfigs.Instance("files");
        config.ScrapeConfigs[0]!.BearerTokenFile = "/etc/shadow";
        Assert.False(await _watcher.HandleEventAsync("files", config, CancellationToken.None));
        Assert.Empty(_instances.Applies);
    }

    [Fact]
    public async Task Refresh_OneConfigFails_OthersApplied_FailedRetriedNextRefresh()
    {
        await PutOwned("a");
        await PutOwned("b");
        await PutOwned("c");
        _instances.FailApply.Add("b");
        Assert.False(await _watcher.RefreshAsync(CancellationToken.None));
        Assert.Equal(["a", "c"], _instances.Running);
        Assert.Equal(1, _metrics.ConfigErrors.WithLabels(ClusterMetrics.ReasonApply).Value);
        Assert.Equal(1, _metrics.ReshardDuration.WithLabels("0").Count);

        _instances.FailApply.Clear();
        Assert.True(await _watcher.RefreshAsync(CancellationToken.None));
        Assert.Equal(["a", "b", "c"], _instances.Running);
        Assert.Equal(1, _metrics.ReshardDuration.WithLabels("1").Count);
    }

    [Fact]
    public async Task Refresh_GlobalChanged_Reapplied()
    {
        await PutOwned("cfg");
        await _watcher.RefreshAsync(CancellationToken.None);
        var metrics = TestConfigs.Metrics();
        metrics.Global.ExternalLabels["cluster"] = "eu";
        _watcher.Apply(new ConfigWatcherSettings(_store, metrics, Owns));
        await _watcher.RefreshAsync(CancellationToken.None);
        Assert.Equal(["cfg", "cfg"], _instances.Applies);
    }

    [Fact]
    public async Task Refresh_NoRingView_LeavesInstancesAlone()
    {
        await PutOwned("cfg");
        await _watcher.RefreshAsync(CancellationToken.None);
        _watcher.Apply(new ConfigWatcherSettings(_store, TestConfigs.Metrics(), Owns: null));
        await _store.DeleteAsync("cfg", CancellationToken.None);
        await _watcher.RefreshAsync(CancellationToken.None);
        await _watcher.HandleEventAsync("cfg", null, CancellationToken.None);
        Assert.Equal(["cfg"], _instances.Running);
    }

    [Fact]
    public async Task Stop_DeletesEveryAppliedInstance_LeavesOthers()
    {
        await PutOwned("a");
        await PutOwned("b");
        await _watcher.RefreshAsync(CancellationToken.None);
        await _instances.ApplyConfigAsync(new InstanceConfig { Name = "static" }, CancellationToken.None);
        await _watcher.StopAsync(CancellationToken.None);
        Assert.Equal(["static"], _instances.Running);
    }

    [Fact]
    public async Task Refresh_StoreHangs_FailsAfterReshardTimeout_DeletesNothing()
    {
        _owned.Add("keep");
        await _watcher.HandleEventAsync("keep", TestConfigs.Instance("keep"), CancellationToken.None);
        var hanging = new RemoteConfigStore(new HangingKv(), NullLogger.Instance);
        _watcher.Apply(new ConfigWatcherSettings(hanging, TestConfigs.Metrics(), Owns));

        var refresh = _watcher.RefreshAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(refresh.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await refresh.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(["keep"], _instances.Running);
        Assert.Equal(1, _metrics.ReshardDuration.WithLabels("0").Count);
    }

    [Theory]
    [InlineData(0, 60, 60)] // just resharded: the whole interval
    [InlineData(45, 60, 15)] // a future deadline fires after the remaining time
    [InlineData(60, 60, 0)]
    [InlineData(600, 60, 0)] // a past deadline fires immediately
    public void NextReshardDelay_RemainingTime_NeverNegative(int elapsedSeconds, int intervalSeconds, int expectedSeconds)
    {
        var last = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var delay = ConfigWatcher.NextReshardDelay(last, TimeSpan.FromSeconds(intervalSeconds), last.AddSeconds(elapsedSeconds));
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delay);
    }

    [Fact]
    public void NextReshardDelay_NoInterval_Infinite() =>
        Assert.Equal(Timeout.InfiniteTimeSpan, ConfigWatcher.NextReshardDelay(DateTimeOffset.UnixEpoch, TimeSpan.Zero, DateTimeOffset.UnixEpoch));

    [Fact]
    public async Task Start_RefreshesOnRequest_ThenEveryReshardInterval()
    {
        await PutOwned("cfg");
        await _store.PutAsync("later", TestConfigs.Instance("later"), CancellationToken.None);
        _watcher.Start();
        await Eventually.True(() => _watcher.WatchesStarted == 1 && _watcher.Refreshes >= 1, "the watch and the refresh queued by Apply");
        Assert.Equal(["cfg"], _instances.Running);

        // Ownership moves without any store event: only the periodic refresh picks it up.
        lock (_owned)
        {
            _owned.Add("later");
        }

        _time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(50);
        Assert.Equal(["cfg"], _instances.Running);
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => _instances.Running.Count == 2, "the refresh one reshard_interval later");
        Assert.Equal(["cfg", "later"], _instances.Running);
    }

    [Fact]
    public async Task Start_StoreWatchEvent_AppliedWithoutRefresh()
    {
        _watcher.Start();
        await Eventually.True(() => _watcher.WatchesStarted == 1, "the store watch");
        await Eventually.True(() => _watcher.Refreshes >= 1, "the first refresh");
        var refreshes = _watcher.Refreshes;
        await PutOwned("cfg");
        await Eventually.True(() => _instances.Running.Contains("cfg"), "the watched config to run");
        await _store.DeleteAsync("cfg", CancellationToken.None);
        await Eventually.True(() => _instances.Running.Count == 0, "the deleted config to stop");
        Assert.Equal(refreshes, _watcher.Refreshes);
    }

    private bool Owns(string name)
    {
        lock (_owned)
        {
            return _owned.Contains(name);
        }
    }

    private async Task PutOwned(string name)
    {
        lock (_owned)
        {
            _owned.Add(name);
        }

        await _store.PutAsync(name, TestConfigs.Instance(name), CancellationToken.None);
    }
}
