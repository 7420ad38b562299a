using Vigil.Metrics.RemoteWrite.Watcher;
using Vigil.TestKit;
using static Vigil.Metrics.Tests.RemoteWrite.Watcher.WatcherHarness;

namespace Vigil.Metrics.Tests.RemoteWrite.Watcher;

public sealed class SavepointTests
{
    [Theory]
    [InlineData("default", "default.savepoint")]
    [InlineData("a/b c", "a_b_c.savepoint")]
    [InlineData("..", "queue...savepoint")]
    [InlineData("", "queue.savepoint")]
    public void Store_QueueName_SafeFileBesideWal(string name, string file)
    {
        using var dir = new TempDirectory();
        var store = new SavepointStore(dir.Combine("wal"), name);

        Assert.Equal(dir.Combine("remote", file), store.FilePath);
    }

    [Fact]
    public void Store_WriteThenRead_RoundTrips()
    {
        using var dir = new TempDirectory();
        var store = new SavepointStore(dir.Combine("wal"), "q");
        Assert.Null(store.Read());

        store.Write(new WalPosition(3, 12345));
        store.Write(new WalPosition(4, 7));

        Assert.Equal(new WalPosition(4, 7), store.Read());
        Assert.False(File.Exists(store.FilePath + ".tmp"));
    }

    [Theory]
    [InlineData("{\"version\":2,\"segment\":1,\"offset\":1}")]
    [InlineData("{\"version\":1,\"segment\":-1,\"offset\":1}")]
    [InlineData("{\"version\":1}")]
    [InlineData("not json")]
    public void Store_BadFile_Throws(string content)
    {
        using var dir = new TempDirectory();
        var store = new SavepointStore(dir.Combine("wal"), "q");
        Directory.CreateDirectory(Path.GetDirectoryName(store.FilePath)!);
        File.WriteAllText(store.FilePath, content);

        Assert.Throws<InvalidDataException>(() => store.Read());
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, 100L)]
    [InlineData(2, 300L)]
    [InlineData(3, 400L)]
    [InlineData(9, 400L)]
    public void Tracker_Acknowledged_SavesFurthestCoveredPosition(long acknowledged, long? offset)
    {
        using var dir = new TempDirectory();
        var store = new SavepointStore(dir.Combine("wal"), "q");
        long sequence = 0;
        var tracker = new SavepointTracker(() => sequence, () => acknowledged, store);
        sequence = 1;
        tracker.RecordDone(new WalPosition(0, 100));
        sequence = 2;
        tracker.RecordDone(new WalPosition(0, 200));
        tracker.RecordDone(new WalPosition(0, 300)); // a series record: nothing enqueued
        sequence = 3;
        tracker.RecordDone(new WalPosition(1, 400));

        var saved = tracker.Save();

        Assert.Equal(offset, saved?.Offset);
        Assert.Equal(saved, store.Read());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(57)]
    [InlineData(120)]
    public async Task Restart_FromSavepoint_NoGapNoResend(int acknowledgedSamples)
    {
        using var dir = new TempDirectory();
        using var storage = Open(dir.Path);
        Write(storage, 1, 1, 120);

        var first = new RecordingWriteTo();
        var watcher1 = Watch(storage.WalDirectory, first, start: 0);
        watcher1.Start();
        await first.WaitForSamplesAsync(120);
        first.Acknowledged = acknowledgedSamples;
        await watcher1.StopAsync(TimeSpan.Zero);
        Assert.NotNull(watcher1.Store.Read());

        Write(storage, 1, 121, 150);
        var second = new RecordingWriteTo();
        var watcher2 = Watch(storage.WalDirectory, second, start: long.MaxValue);
        watcher2.Start();
        await second.WaitForSamplesAsync(150 - acknowledgedSamples);
        second.Acknowledged = second.LastEnqueuedSequence;
        await watcher2.StopAsync(TimeSpan.Zero);

        // One sample per record: everything after the acknowledged one comes again, nothing before it.
        Assert.Equal(Expected(1, acknowledgedSamples + 1, 150), second.Samples);
        Assert.Equal(acknowledgedSamples, watcher2.Watcher!.SamplesSkippedAcknowledged);
        Assert.Equal(0, watcher2.Watcher.SamplesSkippedOld);
    }

    [Fact]
    public async Task Start_NoSavepoint_OnlyNewSamples()
    {
        using var dir = new TempDirectory();
        using var storage = Open(dir.Path);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Write(storage, 2, now - 1000, now - 901);
        var recorder = new RecordingWriteTo();
        var watcher = Watch(storage.WalDirectory, recorder, start: now);
        watcher.Start();
        Write(storage, 2, now + 1, now + 10);
        await recorder.WaitForSamplesAsync(20);
        await watcher.StopAsync(TimeSpan.Zero);

        Assert.Equal(Expected(2, now + 1, now + 10), recorder.Samples);
        Assert.Equal(200, watcher.Watcher!.SamplesSkippedOld);
    }

    private static QueueWatcher Watch(string walDir, RecordingWriteTo recorder, long start) => new(
        walDir,
        "queue",
        recorder,
        () => recorder.LastEnqueuedSequence,
        () => recorder.Acknowledged,
        _ => Task.CompletedTask,
        new FixedTime(start),
        saveInterval: TimeSpan.FromMilliseconds(20),
        pollInterval: TimeSpan.FromMilliseconds(10));

    private sealed class FixedTime(long unixMs) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(unixMs, 0, 253402300799999));
    }
}
