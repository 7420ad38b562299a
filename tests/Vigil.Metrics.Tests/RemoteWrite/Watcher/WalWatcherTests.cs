using Vigil.Metrics.RemoteWrite.Watcher;
using Vigil.TestKit;
using Vigil.Wal;
using static Vigil.Metrics.Tests.RemoteWrite.Watcher.WatcherHarness;

namespace Vigil.Metrics.Tests.RemoteWrite.Watcher;

public sealed class WalWatcherTests
{
    [Theory]
    [InlineData(1, 50, WalFormat.DefaultSegmentSize)]
    [InlineData(3, 40, WalFormat.DefaultSegmentSize)]
    [InlineData(20, 60, WalFormat.PageSize)]
    public async Task Run_ExistingWal_AllSamplesInOrder(int series, int count, int segmentSize)
    {
        using var dir = new TempDirectory();
        using var storage = Open(dir.Path, segmentSize);
        Write(storage, series, 1, count);
        var recorder = new RecordingWriteTo();
        var (_, cts, run) = await StartAsync(storage.WalDirectory, recorder, Fast());

        await recorder.WaitForSamplesAsync(series * count);
        await StopAsync(cts, run);

        Assert.Equal(Expected(series, 1, count), recorder.Samples);
        Assert.Equal(series, recorder.SeriesCount);
    }

    [Fact]
    public async Task Run_LiveAppendsAndRollover_Arrive()
    {
        using var dir = new TempDirectory();
        using var storage = Open(dir.Path, WalFormat.PageSize);
        Write(storage, 5, 1, 10);
        var recorder = new RecordingWriteTo();
        var (watcher, cts, run) = await StartAsync(storage.WalDirectory, recorder, Fast());
        await recorder.WaitForSamplesAsync(50);

        var last = WriteUntilSegment(storage, 5, 11, 3);
        await recorder.WaitForSamplesAsync(5 * (int)last);
        await StopAsync(cts, run);

        Assert.Equal(Expected(5, 1, last), recorder.Samples);
        Assert.Equal(0, watcher.RecordsCorrupt);
    }

    [Fact]
    public async Task Run_TornTail_WaitsForTheRest()
    {
        using var source = new TempDirectory();
        using (var storage = Open(source.Path))
        {
            Write(storage, 2, 1, 100);
        }

        var full = await File.ReadAllBytesAsync(WalDirectory.SegmentName(Path.Combine(source.Path, "wal"), 0));
        using var dir = new TempDirectory();
        var walDir = dir.Combine("wal");
        Directory.CreateDirectory(walDir);
        var segment = WalDirectory.SegmentName(walDir, 0);
        var used = full.AsSpan().LastIndexOfAnyExcept((byte)0) + 1;
        var half = used / 2;
        await File.WriteAllBytesAsync(segment, full[..half]);
        var recorder = new RecordingWriteTo();
        var (watcher, cts, run) = await StartAsync(walDir, recorder, Fast());
        await recorder.WaitForSamplesAsync(2);
        await Task.Delay(200);
        var before = recorder.Samples.Count;

        await using (var append = new FileStream(segment, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            await append.WriteAsync(full.AsMemory(half));
        }

        await recorder.WaitForSamplesAsync(200);
        await StopAsync(cts, run);

        Assert.InRange(before, 2, 199);
        Assert.Equal(Expected(2, 1, 100), recorder.Samples);
        Assert.Equal(0, watcher.RecordsCorrupt);
    }

    [Fact]
    public async Task Run_NoSavepoint_OnlySamplesFromStartTime()
    {
        using var dir = new TempDirectory();
        using var storage = Open(dir.Path);
        Write(storage, 2, 1, 50);
        var recorder = new RecordingWriteTo();
        var (watcher, cts, run) = await StartAsync(storage.WalDirectory, recorder, Fast(start: 100));
        Write(storage, 2, 100, 120);
        await recorder.WaitForSamplesAsync(42);
        await StopAsync(cts, run);

        Assert.Equal(Expected(2, 100, 120), recorder.Samples);
        Assert.Equal(100, watcher.SamplesSkippedOld);
    }

    [Fact]
    public async Task Run_AfterTruncation_SeriesFromCheckpointKnown()
    {
        using var dir = new TempDirectory();
        using var storage = Open(dir.Path, WalFormat.PageSize);
        var last = WriteUntilSegment(storage, 4, 1, 4);
        storage.Truncate(last - 10);
        Write(storage, 4, last + 1, last + 10);
        Assert.NotNull(WalDirectory.LastCheckpoint(storage.WalDirectory));
        var recorder = new RecordingWriteTo();
        var (_, cts, run) = await StartAsync(storage.WalDirectory, recorder, Fast(start: last + 1));

        await recorder.WaitForSamplesAsync(40);
        await StopAsync(cts, run);

        Assert.Equal(Expected(4, last + 1, last + 10), recorder.Samples);
    }

    [Fact]
    public async Task Run_TruncatedWhileTailing_ForgetsOldSeriesAndContinues()
    {
        using var dir = new TempDirectory();
        using var storage = Open(dir.Path, WalFormat.PageSize);
        var last = WriteUntilSegment(storage, 4, 1, 4);
        var recorder = new RecordingWriteTo();
        var (_, cts, run) = await StartAsync(storage.WalDirectory, recorder, Fast());
        await recorder.WaitForSamplesAsync(4 * (int)last);

        storage.Truncate(last - 10);
        Write(storage, 4, last + 1, last + 50);
        await recorder.WaitForSamplesAsync(4 * (int)(last + 50));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (recorder.SeriesResets == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await StopAsync(cts, run);

        Assert.Equal(Expected(4, 1, last + 50), recorder.Samples);
        Assert.True(recorder.SeriesResets > 0);
    }

    [Fact]
    public async Task Run_SavepointSegmentTruncatedAway_CountsAndMovesOn()
    {
        using var dir = new TempDirectory();
        using var storage = Open(dir.Path, WalFormat.PageSize);
        var last = WriteUntilSegment(storage, 2, 1, 4);
        storage.Truncate(0);
        Write(storage, 2, last + 1, last + 5);
        Assert.True(WalDirectory.Segments(storage.WalDirectory).First > 0);
        var recorder = new RecordingWriteTo();
        var (watcher, cts, run) = await StartAsync(storage.WalDirectory, recorder, Fast(resume: new WalPosition(0, 0)));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!recorder.Samples.Any(s => s.T == last + 5) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await StopAsync(cts, run);

        Assert.Contains(recorder.Samples, s => s.T == last + 5);
        Assert.True(watcher.SegmentsMissing > 0);
    }

    [Fact]
    public async Task Run_WithMetrics_CountsRecordsByType()
    {
        using var dir = new TempDirectory();
        using var storage = Open(dir.Path);
        Write(storage, 2, 1, 30);
        var registry = Prometheus.Metrics.NewCustomRegistry();
        using var metrics = new WatcherMetrics(Prometheus.Metrics.WithCustomRegistry(registry), "q");
        var recorder = new RecordingWriteTo();
        var options = new WatcherOptions { PollInterval = TimeSpan.FromMilliseconds(10), Metrics = metrics };
        var (_, cts, run) = await StartAsync(storage.WalDirectory, recorder, options);
        await recorder.WaitForSamplesAsync(60);
        await StopAsync(cts, run);

        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("prometheus_wal_watcher_records_read_total{consumer=\"q\",type=\"samples\"} 30", text, StringComparison.Ordinal);
        Assert.Contains("prometheus_wal_watcher_current_segment{consumer=\"q\"} 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ExemplarsAndHistograms_Arrive()
    {
        using var dir = new TempDirectory();
        using var storage = Open(dir.Path);
        for (var t = 1; t <= 5; t++)
        {
            var app = storage.Appender();
            var r = app.Append(0, Series(0), t, t);
            app.AppendExemplar(r, Series(0), new Vigil.Metrics.Storage.Exemplar(Vigil.Common.Model.Labels.FromStrings("trace_id", "x" + t.ToString(System.Globalization.CultureInfo.InvariantCulture)), t, t));
            app.AppendHistogram(0, Series(1), t, new Vigil.Wal.Records.Histogram { Count = 1, ZeroCount = 1 }, null);
            app.AppendHistogram(0, Series(2), t, null, new Vigil.Wal.Records.FloatHistogram { Count = 1, ZeroCount = 1 });
            app.Commit();
        }

        var recorder = new RecordingWriteTo();
        var (_, cts, run) = await StartAsync(storage.WalDirectory, recorder, Fast());
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (recorder.Histograms.Count < 10 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await StopAsync(cts, run);

        Assert.Equal(5, recorder.Samples.Count);
        Assert.Equal([1L, 2, 3, 4, 5], recorder.Exemplars.Select(e => e.T));
        Assert.Equal(10, recorder.Histograms.Count);
    }
}
