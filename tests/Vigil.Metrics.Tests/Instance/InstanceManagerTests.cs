using Prometheus;
using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.Metrics.Instance;
using Vigil.TestKit;

namespace Vigil.Metrics.Tests.Instance;

public sealed class InstanceManagerTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private InstanceManager _manager = null!;

    public Task InitializeAsync()
    {
        _manager = new InstanceManager(
            new InstanceOptions { WalDirectory = _dir.Path, Metrics = Prometheus.Metrics.WithCustomRegistry(_registry) },
            TimeSpan.FromMilliseconds(100));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _manager.DisposeAsync();
        _dir.Dispose();
    }

    internal static InstanceConfig Config(string yaml)
    {
        var config = VigilYaml.Deserialize<InstanceConfig>(yaml)!;
        var errors = new List<string>();
        config.ApplyDefaults(new GlobalConfig(), errors);
        Assert.Empty(errors);
        return config;
    }

    [Fact]
    public async Task ApplyConfig_New_RunsInstanceWithWalUnderItsName()
    {
        await _manager.ApplyConfigAsync(Config("name: foo"), default);

        var instance = await ReadyInstance("foo");
        Assert.Equal(Path.Combine(_dir.Path, "foo"), instance.StorageDirectory);
        Assert.True(Directory.Exists(Path.Combine(_dir.Path, "foo", "wal")));
        Assert.True(_manager.IsReady);
        Assert.Equal(["foo"], _manager.ListConfigs().Select(c => c.Name));
    }

    [Fact]
    public async Task ApplyConfig_DynamicChange_UpdatesInPlace()
    {
        await _manager.ApplyConfigAsync(Config("name: foo"), default);
        var first = await ReadyInstance("foo");

        await _manager.ApplyConfigAsync(Config("name: foo\nmin_wal_time: 1m"), default);

        Assert.Same(first, _manager.GetInstance("foo", out _));
        Assert.Equal(TimeSpan.FromMinutes(1), first.Config.MinWalTime.Value);
    }

    [Theory]
    [InlineData("wal_truncate_frequency: 30m")]
    [InlineData("remote_flush_deadline: 10s")]
    [InlineData("write_stale_on_shutdown: true")]
    [InlineData("host_filter: true")]
    public async Task ApplyConfig_ImmutableChange_RestartsInstance(string change)
    {
        await _manager.ApplyConfigAsync(Config("name: foo"), default);
        var first = await ReadyInstance("foo");

        await _manager.ApplyConfigAsync(Config("name: foo\n" + change), default);

        var second = await ReadyInstance("foo");
        Assert.NotSame(first, second);
        Assert.False(first.IsReady);
    }

    [Fact]
    public async Task ApplyConfig_Identical_KeepsInstance()
    {
        await _manager.ApplyConfigAsync(Config("name: foo"), default);
        var first = await ReadyInstance("foo");

        await _manager.ApplyConfigAsync(Config("name: foo"), default);

        Assert.Same(first, _manager.GetInstance("foo", out _));
    }

    [Fact]
    public async Task DeleteConfig_Running_StopsAndForgets()
    {
        await _manager.ApplyConfigAsync(Config("name: foo"), default);
        var instance = await ReadyInstance("foo");

        await _manager.DeleteConfigAsync("foo", default);

        Assert.False(instance.IsReady);
        Assert.Null(_manager.GetInstance("foo", out var known));
        Assert.False(known);
        Assert.Empty(_manager.ListConfigs());
    }

    [Fact]
    public async Task Stop_WriteStaleOnShutdown_EverySeriesGetsStaleMarker()
    {
        await _manager.ApplyConfigAsync(Config("name: stale\nwrite_stale_on_shutdown: true"), default);
        var instance = await ReadyInstance("stale");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var body = RemoteWriteReceiver.WriteRequests.Body((["__name__", "a"], [(now, 1)]), (["__name__", "b"], [(now, 2)]));
        Assert.Equal(204, instance.Receiver!.Receive(body).StatusCode);

        await _manager.DeleteConfigAsync("stale", default);

        var wal = Storage.WalContents.Read(Path.Combine(_dir.Path, "stale", "wal"));
        var staleRefs = wal.Samples.Where(s => BitConverter.DoubleToUInt64Bits(s.V) == Vigil.Metrics.Storage.WalStorage.StaleNaNBits).Select(s => s.Ref).ToHashSet();
        Assert.Equal(wal.Series.Select(s => s.Ref).ToHashSet(), staleRefs);
    }

    [Fact]
    public async Task Stop_WithoutWriteStaleOnShutdown_NoStaleMarkers()
    {
        await _manager.ApplyConfigAsync(Config("name: plain"), default);
        var instance = await ReadyInstance("plain");
        var body = RemoteWriteReceiver.WriteRequests.Body((["__name__", "a"], [(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 1)]));
        Assert.Equal(204, instance.Receiver!.Receive(body).StatusCode);

        await _manager.DeleteConfigAsync("plain", default);

        var wal = Storage.WalContents.Read(Path.Combine(_dir.Path, "plain", "wal"));
        Assert.DoesNotContain(wal.Samples, s => double.IsNaN(s.V));
    }

    [Fact]
    public async Task DeleteConfig_Unknown_ConfigDoesNotExist()
    {
        var e = await Assert.ThrowsAsync<KeyNotFoundException>(() => _manager.DeleteConfigAsync("nope", default));
        Assert.Equal("config does not exist", e.Message);
    }

    [Fact]
    public async Task Run_FailsToOpenWal_CountedAndRestartedUntilItWorks()
    {
        // A file where the instance directory should be: every run fails until it is removed.
        var blocker = Path.Combine(_dir.Path, "broken");
        await File.WriteAllTextAsync(blocker, "not a directory");

        await _manager.ApplyConfigAsync(Config("name: broken"), default);
        await Eventually(() => AbnormalExits("broken") >= 2);
        Assert.False(_manager.IsReady);

        File.Delete(blocker);
        await ReadyInstance("broken");
        Assert.True(_manager.IsReady);
    }

    private double AbnormalExits(string name)
    {
        using var stream = new MemoryStream();
        _registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith($"agent_metrics_instance_abnormal_exits_total{{instance_name=\"{name}\"}}", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<MetricsInstance> ReadyInstance(string name)
    {
        MetricsInstance? instance = null;
        await Eventually(() => (instance = _manager.GetInstance(name, out _)) is { IsReady: true });
        return instance!;
    }

    internal static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 20 s");
            await Task.Delay(20);
        }
    }
}
