using System.Globalization;
using Vigil.Common.Model;
using Vigil.Metrics.RemoteWrite.Watcher;
using Vigil.Metrics.Storage;
using Vigil.Wal;

namespace Vigil.Metrics.Tests.RemoteWrite.Watcher;

/// <summary>A WAL written by Vigil's own storage, and a watcher running over it on its own thread.</summary>
internal static class WatcherHarness
{
    public static Labels Series(int i) =>
        Labels.FromStrings("__name__", "metric_" + i.ToString(CultureInfo.InvariantCulture), "job", "watcher");

    public static WalStorage Open(string dir, int segmentSize = WalFormat.DefaultSegmentSize) =>
        WalStorage.Open(dir, new WalStorageOptions { SegmentSize = segmentSize, StripeSize = 16 });

    /// <summary>One commit per timestamp, every series gets value t at time t.</summary>
    public static void Write(WalStorage storage, int series, long fromT, long toT)
    {
        for (var t = fromT; t <= toT; t++)
        {
            var app = storage.Appender();
            for (var i = 0; i < series; i++)
            {
                app.Append(0, Series(i), t, t);
            }

            app.Commit();
        }
    }

    /// <summary>Writes one commit per timestamp from <paramref name="fromT"/> until the WAL has reached segment <paramref name="segment"/>; returns the last timestamp.</summary>
    public static long WriteUntilSegment(WalStorage storage, int series, long fromT, int segment)
    {
        var t = fromT;
        while (true)
        {
            Write(storage, series, t, t + 49);
            t += 50;
            if (WalDirectory.Segments(storage.WalDirectory).Last >= segment)
            {
                return t - 1;
            }
        }
    }

    public static List<(string Series, long T, double V)> Expected(int series, long fromT, long toT)
    {
        var result = new List<(string, long, double)>();
        for (var t = fromT; t <= toT; t++)
        {
            for (var i = 0; i < series; i++)
            {
                result.Add((Series(i).ToString(), t, t));
            }
        }

        return result;
    }

    public static async Task<(WalWatcher Watcher, CancellationTokenSource Cts, Task Run)> StartAsync(
        string walDir, RecordingWriteTo recorder, WatcherOptions options)
    {
        var watcher = new WalWatcher(walDir, recorder, options);
        var cts = new CancellationTokenSource();
        var run = watcher.StartAsync(cts.Token);
        await Task.Yield();
        return (watcher, cts, run);
    }

    public static async Task StopAsync(CancellationTokenSource cts, Task run)
    {
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        cts.Dispose();
    }

    public static WatcherOptions Fast(WalPosition? resume = null, long start = long.MinValue, Action<WalPosition>? done = null) => new()
    {
        ResumeAfter = resume,
        StartTimestamp = start,
        PollInterval = TimeSpan.FromMilliseconds(10),
        OnRecordDone = done,
    };
}
