using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vigil.Metrics.RemoteWrite.Watcher;

/// <summary>
/// One remote_write queue fed from the WAL, with its savepoint: on start the watcher resumes after the saved position
/// (or, without one, sends only samples from "now" on, like Prometheus); while running, and once more after the queue
/// flushed on shutdown, the position up to which the queue acknowledged everything is saved.
/// </summary>
internal sealed class QueueWatcher
{
    private readonly string _walDir;
    private readonly IWriteTo _queue;
    private readonly Func<TimeSpan, Task> _stopQueue;
    private readonly TimeProvider _time;
    private readonly TimeSpan _saveInterval;
    private readonly TimeSpan _pollInterval;
    private readonly ILogger _logger;
    private readonly WatcherMetrics? _metrics;
    private readonly CancellationTokenSource _stopWatcher = new();
    private readonly CancellationTokenSource _stopTracker = new();
    private Task? _watcherTask;
    private Task? _trackerTask;
    private volatile int _startSegment = int.MaxValue;

    public QueueWatcher(
        string walDir,
        string queueName,
        IWriteTo queue,
        Func<long> lastEnqueued,
        Func<long> acknowledged,
        Func<TimeSpan, Task> stopQueue,
        TimeProvider? time = null,
        TimeSpan? saveInterval = null,
        TimeSpan? pollInterval = null,
        ILogger? logger = null,
        WatcherMetrics? metrics = null)
    {
        _walDir = walDir;
        _queue = queue;
        _stopQueue = stopQueue;
        _time = time ?? TimeProvider.System;
        _saveInterval = saveInterval ?? TimeSpan.FromSeconds(5);
        _pollInterval = pollInterval ?? TimeSpan.FromMilliseconds(100);
        _logger = logger ?? NullLogger.Instance;
        _metrics = metrics;
        Store = new SavepointStore(walDir, queueName);
        Tracker = new SavepointTracker(lastEnqueued, acknowledged, Store);
    }

    public SavepointStore Store { get; }

    public SavepointTracker Tracker { get; }

    public WalWatcher? Watcher { get; private set; }

    /// <summary>
    /// The oldest segment this queue may still have to read: the savepoint's segment, or, before anything was saved,
    /// the segment it started at. WAL truncation keeps it and everything after it.
    /// </summary>
    public int NeededSegment => Tracker.Saved?.Segment ?? _startSegment;

    /// <summary>A watcher for a <see cref="QueueManager"/> (already started).</summary>
    public static QueueWatcher ForQueue(string walDir, QueueManager queue, TimeProvider? time = null, TimeSpan? saveInterval = null, TimeSpan? pollInterval = null, ILogger? logger = null, WatcherMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return new QueueWatcher(
            walDir,
            queue.Name,
            queue,
            () => queue.LastEnqueuedSequence,
            () => queue.AcknowledgedSequence,
            queue.StopAsync,
            time,
            saveInterval,
            pollInterval,
            logger,
            metrics);
    }

    public void Start()
    {
        if (Watcher is not null)
        {
            throw new InvalidOperationException("queue watcher already started");
        }

        var resume = Store.Read();
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _startSegment = resume?.Segment ?? Math.Max(0, Vigil.Wal.WalDirectory.Segments(_walDir).Last);
        if (resume is { } r)
        {
            _logger.LogInformation("Remote write {Savepoint}: resuming after segment {Segment} offset {Offset}", Store.FilePath, r.Segment, r.Offset);
        }
        else
        {
            // A first start sends from "now", but a crash before the first acknowledgement must not make the restart
            // start from "now" again and skip what was written in between: save the start of the segment the watcher
            // starts in at once. After such a crash that whole segment is sent (at least once), older records too.
            var start = new WalPosition(_startSegment, 0);
            Store.Write(start);
            Tracker.Initialize(start);
        }

        Watcher = new WalWatcher(
            _walDir,
            _queue,
            new WatcherOptions
            {
                ResumeAfter = resume,
                StartTimestamp = now,
                PollInterval = _pollInterval,
                Metrics = _metrics,
                OnRecordDone = resume is { } after ? p => { if (p > after) { Tracker.RecordDone(p); } } : Tracker.RecordDone,
            },
            _logger);
        _watcherTask = Watcher.StartAsync(_stopWatcher.Token);
        _trackerTask = Tracker.RunAsync(_saveInterval, _stopTracker.Token);
    }

    /// <summary>Stops reading, lets the queue flush for at most <paramref name="flushDeadline"/>, then saves the savepoint.</summary>
    public async Task StopAsync(TimeSpan flushDeadline)
    {
        await _stopWatcher.CancelAsync().ConfigureAwait(false);
        if (_watcherTask is not null)
        {
            // The watcher may be blocked in an append to a full queue; stopping the queue releases it.
            var queueStop = _stopQueue(flushDeadline);
            await _watcherTask.ConfigureAwait(false);
            await queueStop.ConfigureAwait(false);
        }
        else
        {
            await _stopQueue(flushDeadline).ConfigureAwait(false);
        }

        await _stopTracker.CancelAsync().ConfigureAwait(false);
        if (_trackerTask is not null)
        {
            await _trackerTask.ConfigureAwait(false);
        }

        _stopWatcher.Dispose();
        _stopTracker.Dispose();
    }
}
