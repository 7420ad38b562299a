using Vigil.Metrics.RemoteWrite.Watcher;
using Vigil.Metrics.Tests.RemoteWrite.Queue;
using Vigil.TestKit;
using static Vigil.Metrics.Tests.RemoteWrite.Watcher.WatcherHarness;

namespace Vigil.Metrics.Tests.RemoteWrite.Watcher;

/// <summary>WalStorage → watcher → QueueManager → HTTP receiver, across a restart of the sender.</summary>
public sealed class WatcherEndToEndTests
{
    [Fact]
    public async Task Restart_SamplesWrittenWhileStopped_AllArrive()
    {
        using var dir = new TempDirectory();
        using var receiver = new FakeReceiver();
        using var storage = Open(dir.Path);
        // Samples are timestamped a minute ahead so that the first start ("now") is surely before the new ones.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000;
        Write(storage, 3, now - 120_500, now - 120_401); // before the first start and without a savepoint: not sent

        await using (var first = new QueueHarness(QueueHarness.Config(receiver.Url, shards: 2)))
        {
            var watcher = QueueWatcher.ForQueue(storage.WalDirectory, first.Queue, saveInterval: TimeSpan.FromMilliseconds(20), pollInterval: TimeSpan.FromMilliseconds(10));
            watcher.Start();
            Write(storage, 3, now + 1, now + 100);
            await receiver.WaitForAsync(r => r.AcceptedSamples.Count >= 300);
            await watcher.StopAsync(TimeSpan.FromSeconds(5));
            Assert.NotNull(watcher.Store.Read());
        }

        // The sender is down while the WAL keeps growing.
        Write(storage, 3, now + 101, now + 200);

        await using (var second = new QueueHarness(QueueHarness.Config(receiver.Url, shards: 2)))
        {
            var watcher = QueueWatcher.ForQueue(storage.WalDirectory, second.Queue, saveInterval: TimeSpan.FromMilliseconds(20), pollInterval: TimeSpan.FromMilliseconds(10));
            watcher.Start();
            Write(storage, 3, now + 201, now + 250);
            await receiver.WaitForAsync(r => r.AcceptedSamples.Select(s => (s.Labels, s.Timestamp)).Distinct().Count() >= 750);
            await watcher.StopAsync(TimeSpan.FromSeconds(5));
        }

        var accepted = receiver.AcceptedSamples;
        Assert.DoesNotContain(accepted, s => s.Timestamp <= now);
        foreach (var series in accepted.GroupBy(s => s.Labels))
        {
            var timestamps = series.Select(s => s.Timestamp).Distinct().Order().ToList();
            Assert.Equal(Enumerable.Range(1, 250).Select(i => now + i), timestamps);
        }

        Assert.Equal(3, accepted.Select(s => s.Labels).Distinct().Count());
    }

    [Fact]
    public async Task Restart_ReceiverFailedBeforeShutdown_UnacknowledgedSamplesResent()
    {
        using var dir = new TempDirectory();
        using var receiver = new FakeReceiver(_ => new FakeReceiver.Reply(503));
        using var storage = Open(dir.Path);
        // In the past: only a savepoint can make the second run send them (without one it starts at "now").
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000;
        Write(storage, 2, t0 + 1, t0 + 40);

        await using (var first = new QueueHarness(QueueHarness.Config(receiver.Url)))
        {
            var watcher = QueueWatcher.ForQueue(storage.WalDirectory, first.Queue, new FixedTime(0), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(10));
            watcher.Start();
            await receiver.WaitForAsync(r => r.Requests.Count >= 3);
            await watcher.StopAsync(TimeSpan.FromMilliseconds(200));
            Assert.NotNull(watcher.Store.Read());
        }

        Assert.Empty(receiver.AcceptedSamples);
        receiver.Respond = _ => new FakeReceiver.Reply(204);
        await using (var second = new QueueHarness(QueueHarness.Config(receiver.Url)))
        {
            var watcher = QueueWatcher.ForQueue(storage.WalDirectory, second.Queue, saveInterval: TimeSpan.FromMilliseconds(20), pollInterval: TimeSpan.FromMilliseconds(10));
            watcher.Start();
            await receiver.WaitForAsync(r => r.AcceptedSamples.Count >= 80);
            await watcher.StopAsync(TimeSpan.FromSeconds(5));
        }

        var accepted = receiver.AcceptedSamples;
        foreach (var series in accepted.GroupBy(s => s.Labels))
        {
            Assert.Equal(Enumerable.Range(1, 40).Select(i => t0 + i), series.Select(s => s.Timestamp).Distinct().Order());
        }

        Assert.Equal(2, accepted.Select(s => s.Labels).Distinct().Count());
    }

    private sealed class FixedTime(long unixMs) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
    }
}
