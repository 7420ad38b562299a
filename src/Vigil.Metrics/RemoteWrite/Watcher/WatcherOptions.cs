namespace Vigil.Metrics.RemoteWrite.Watcher;

/// <summary>Where a <see cref="WalWatcher"/> starts sending and how often it looks for new data.</summary>
internal sealed class WatcherOptions
{
    /// <summary>
    /// Resume point from a savepoint: samples of records ending at or before it were acknowledged already and are not
    /// sent again. Null when the queue has no savepoint.
    /// </summary>
    public WalPosition? ResumeAfter { get; init; }

    /// <summary>
    /// Without a savepoint, samples older than this (ms since epoch) are not sent, as in Prometheus, which starts at
    /// "now". Ignored when <see cref="ResumeAfter"/> is set.
    /// </summary>
    public long StartTimestamp { get; init; } = long.MinValue;

    /// <summary>How long to wait for the live segment to grow or a new segment to appear.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Self-metrics; none when null.</summary>
    public WatcherMetrics? Metrics { get; init; }

    /// <summary>Called after each record was handed to the queue (or skipped), with the position just after it.</summary>
    public Action<WalPosition>? OnRecordDone { get; init; }
}
