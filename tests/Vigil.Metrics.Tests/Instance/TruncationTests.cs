using Vigil.Metrics.Config;
using Vigil.Metrics.Instance;
using Vigil.TestKit;
using Vigil.Wal;

namespace Vigil.Metrics.Tests.Instance;

public sealed class TruncationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Schedule_NoFile_DueOneFrequencyFromNow()
    {
        var now = DateTimeOffset.UtcNow;
        var schedule = new TruncationSchedule(_dir.Path, TimeSpan.FromHours(1), now);
        Assert.Equal(now + TimeSpan.FromHours(1), schedule.NextDue);
    }

    [Fact]
    public void Schedule_SurvivesRestart_DueAtStartWhenOverdue()
    {
        var then = DateTimeOffset.UtcNow - TimeSpan.FromHours(3);
        new TruncationSchedule(_dir.Path, TimeSpan.FromHours(1), then).Record(then);

        // A restart later: the truncation that was due two hours ago runs at once instead of an hour from now.
        var now = DateTimeOffset.UtcNow;
        var schedule = new TruncationSchedule(_dir.Path, TimeSpan.FromHours(1), now);

        Assert.True(schedule.NextDue < now);
        Assert.Equal(then.ToUnixTimeMilliseconds(), schedule.Last.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Schedule_DamagedFile_TreatedAsUnknown()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "truncation"), "garbage");
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(now, new TruncationSchedule(_dir.Path, TimeSpan.FromHours(1), now).Last);
    }

    [Fact]
    public async Task TruncateOnce_NoRemoteWrite_CheckpointsOldSegments()
    {
        var (manager, instance) = await StartAsync("name: plain\nmin_wal_time: 1ms\nmax_wal_time: 2ms");
        await using var _ = manager;
        var walDir = Path.Combine(instance.StorageDirectory, "wal");
        await MakeSegmentsAsync(instance, 6);

        Assert.NotNull(WalDirectory.LastCheckpoint(walDir));
        Assert.True(WalDirectory.Segments(walDir).First > 0);
    }

    [Fact]
    public async Task TruncateOnce_QueueHasNotSent_KeepsTheSegmentsItNeeds()
    {
        var (manager, instance) = await StartAsync(DeadRemoteWrite("stuck", "4h"));
        await using var _ = manager;
        var walDir = Path.Combine(instance.StorageDirectory, "wal");
        await MakeSegmentsAsync(instance, 6);

        // The queue never got an acknowledgement: every segment from where it started is still there.
        Assert.Equal(0, WalDirectory.Segments(walDir).First);
    }

    [Fact]
    public async Task TruncateOnce_UnsentSegmentsOlderThanMaxWalTime_RemovedAndCounted()
    {
        var (manager, instance) = await StartAsync(DeadRemoteWrite("old", "1h"));
        await using var _ = manager;
        var walDir = Path.Combine(instance.StorageDirectory, "wal");
        await MakeSegmentsAsync(instance, 4);
        var (_, last) = WalDirectory.Segments(walDir);
        foreach (var segment in WalDirectory.ListSegments(walDir).Where(s => s.Index < last))
        {
            File.SetLastWriteTimeUtc(segment.Path, DateTime.UtcNow - TimeSpan.FromHours(2));
        }

        await Task.Delay(5);
        instance.TruncateOnce();

        Assert.True(WalDirectory.Segments(walDir).First > 0);
    }

    private static string DeadRemoteWrite(string name, string maxWalTime) =>
        $"name: {name}\nremote_flush_deadline: 100ms\nmin_wal_time: 1ms\nmax_wal_time: {maxWalTime}\nremote_write:\n- url: http://127.0.0.1:1/api/v1/write\n  queue_config:\n    min_backoff: 1s\n    max_backoff: 1s\n";

    // Each truncation starts a new segment; samples in between make every segment non-empty.
    private static async Task MakeSegmentsAsync(MetricsInstance instance, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var body = RemoteWriteReceiver.WriteRequests.Body((["__name__", "s", "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture)], [(now, i)]));
            Assert.Equal(204, instance.Receiver!.Receive(body).StatusCode);
            await Task.Delay(5);
            instance.TruncateOnce();
        }
    }

    private async Task<(InstanceManager, MetricsInstance)> StartAsync(string yaml)
    {
        var manager = new InstanceManager(new InstanceOptions { WalDirectory = _dir.Path }, TimeSpan.FromMilliseconds(100));
        var config = InstanceManagerTests.Config(yaml);
        await manager.ApplyConfigAsync(config, default);
        MetricsInstance? instance = null;
        await InstanceManagerTests.Eventually(() => (instance = manager.GetInstance(config.Name, out _)) is { IsReady: true });
        return (manager, instance!);
    }
}
