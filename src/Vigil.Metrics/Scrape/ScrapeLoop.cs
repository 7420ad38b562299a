using Microsoft.Extensions.Logging;
using Vigil.Common.Model;
using Vigil.Metrics.Storage;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// Scrapes one target every interval and appends the page to storage (Prometheus scrape.go scrapeLoop @ v2.42). The
/// first scrape waits for the target's offset so a pool's targets spread over the interval. Each scrape is one
/// appender: the page's samples, stale markers for series that went missing, and the report series, committed
/// together; a failed scrape or append rolls the page back and writes only stale markers and the report (up 0).
/// When the loop is stopped while the manager keeps running, its series are marked stale once the next scrape would
/// have happened (endOfRunStaleness); when the manager shuts down nothing is written.
/// </summary>
internal sealed partial class ScrapeLoop
{
    private readonly ActiveTarget _target;
    private readonly ScrapeSettings _settings;
    private readonly TargetScraper _scraper;
    private readonly Func<IAppender> _appender;
    private readonly ScrapeMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationToken _parent;
    private readonly ulong _jitterSeed;
    private readonly string _intervalLabel;
    private readonly CancellationTokenSource _stop;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _run = Task.CompletedTask;
    private int _stopRequested;
    private bool _inherited;
    private volatile bool _endOfRunStaleness = true;
    private volatile string? _forcedError;
    private volatile TargetState _state = TargetState.Initial;

    public ScrapeLoop(
        ActiveTarget target,
        ScrapeSettings settings,
        TargetScraper scraper,
        Func<IAppender> appender,
        ScrapeMetrics metrics,
        ILogger logger,
        TimeProvider time,
        ulong jitterSeed,
        CancellationToken parent,
        StringInterner? interner = null)
    {
        _interner = interner ?? new StringInterner(1 << 16);
        _target = target;
        _settings = settings;
        _scraper = scraper;
        _appender = appender;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _jitterSeed = jitterSeed;
        _parent = parent;
        // Go's time.Duration.String ("1m0s"), as Prometheus labels prometheus_target_interval_length_seconds.
        _intervalLabel = Vigil.Common.Time.GoDuration.FormatGo(target.Interval);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(parent);
        Cache = new ScrapeCache(metrics);
        _mutator = new SampleMutator(target.PublicLabels, settings.HonorLabels, settings.MetricRelabelRules);
        for (var i = 0; i < ReportNames.Length; i++)
        {
            _reportLabels[i] = SampleMutator.ReportLabels(ReportNames[i], target.PublicLabels);
        }
    }

    public ActiveTarget Target => _target;

    public ScrapeCache Cache { get; }

    /// <summary>The whole run, end-of-run stale markers included.</summary>
    public Task Completion => _run;

    /// <summary>An error that fails every scrape until cleared (the pool's target_limit), as Prometheus' setForcedError.</summary>
    public string? ForcedError
    {
        get => _forcedError;
        set => _forcedError = value;
    }

    public TargetStatus Status()
    {
        var s = _state;
        return new TargetStatus(_target.PublicLabels, _target.DiscoveredLabels, _target.Url, s.Health, s.LastScrape, s.LastScrapeDuration, s.LastError);
    }

    /// <summary>Starts scraping; <paramref name="replaced"/> is the stopped loop this one replaces on a reload.</summary>
    public void Start(ScrapeLoop? replaced = null)
    {
        if (replaced is not null)
        {
            // Continue its series (diffed, not marked stale) and keep showing its last result until the first scrape.
            var previous = replaced.Cache.PreviousSeries();
            Cache.SeedPrevious(previous);
            _inherited = previous.Count > 0;
            _state = replaced._state;
        }

        _run = Task.Run(RunAsync);
    }

    /// <summary>
    /// Stops scraping and returns once no scrape is running. With <paramref name="endOfRunStaleness"/> the stale markers
    /// are written later in the background (see <see cref="Completion"/>); a reload hands the series over instead.
    /// </summary>
    public async Task StopAsync(bool endOfRunStaleness)
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) == 1)
        {
            await _stopped.Task.ConfigureAwait(false);
            return;
        }

        _endOfRunStaleness = endOfRunStaleness;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_run.IsCompleted && !_stopped.Task.IsCompleted)
        {
            // Never started.
            _stopped.TrySetResult();
        }

        await _stopped.Task.ConfigureAwait(false);
        _ = _run.ContinueWith(static (_, cts) => ((CancellationTokenSource)cts!).Dispose(), _stop, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private async Task RunAsync()
    {
        DateTimeOffset? last = null;
        PeriodicTimer? ticker = null;
        try
        {
            await Task.Delay(_target.Offset(_target.Interval, _jitterSeed, _time.GetUtcNow()), _time, _stop.Token).ConfigureAwait(false);

            // The ticker starts after the offset, so the target keeps its phase in the interval.
            ticker = new PeriodicTimer(_target.Interval, _time);
            while (!_stop.IsCancellationRequested)
            {
                last = await ScrapeAndReportAsync(last).ConfigureAwait(false);
                if (!await ticker.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped by the pool or the manager.
        }
        catch (Exception e)
        {
            LogLoopFailed(_logger, e, _target.Url);
        }
        finally
        {
            _stopped.TrySetResult();
        }

        // A loop that replaced another on reload owns that loop's series even before its own first scrape.
        ticker ??= new PeriodicTimer(_target.Interval, _time);
        using (ticker)
        {
            if (_endOfRunStaleness && (last is not null || _inherited) && !_parent.IsCancellationRequested)
            {
                await EndOfRunStalenessAsync(ticker).ConfigureAwait(false);
            }
        }
    }

    private async Task<DateTimeOffset> ScrapeAndReportAsync(DateTimeOffset? last)
    {
        var start = _time.GetTimestamp();
        var scrapeTime = AlignedNow();
        if (last is { } previous)
        {
            _metrics.IntervalLength.WithLabels(_intervalLabel).Observe((scrapeTime - previous).TotalSeconds);
        }

        var appendMs = scrapeTime.ToUnixTimeMilliseconds();
        var scrapeError = _forcedError ?? _target.ConfigError;
        ScrapeResponse response = default;
        if (scrapeError is null)
        {
            try
            {
                // Stopping the loop abandons a scrape in flight: nothing of it is appended, so a slow target cannot hold
                // up a reload or a sync, and the end-of-run stale markers cover the series of the last complete scrape.
                response = await _scraper.ScrapeAsync(_stop.Token).ConfigureAwait(false);
                scrapeError = response.Error;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                scrapeError = e.Message;
            }

            if (scrapeError is not null)
            {
                LogScrapeFailed(_logger, _target.Url, scrapeError);
            }
        }

        TimeSpan duration;
        using (response.Body)
        {
            (scrapeError, duration) = AppendAndReport(response, appendMs, start, scrapeError);
        }

        _state = new TargetState(scrapeError is null ? TargetHealth.Up : TargetHealth.Down, scrapeTime, duration, scrapeError ?? string.Empty);
        return scrapeTime;
    }

    private (string? Error, TimeSpan Duration) AppendAndReport(ScrapeResponse response, long appendMs, long start, string? scrapeError)
    {
        IAppender? app = null;
        var duration = TimeSpan.Zero;
        var committing = false;
        try
        {
            app = _appender();

            // A failed scrape is appended as an empty page: that writes the stale markers.
            var page = scrapeError is null && response.Body is { } body ? body.Memory : ReadOnlyMemory<byte>.Empty;
            var result = AppendPage(app, page, response.ContentType, appendMs);
            if (result.Error is not null)
            {
                LogAppendFailed(_logger, _target.Url, result.Error);
                app.Rollback();
                app = null;
                app = _appender();
                AppendPage(app, ReadOnlyMemory<byte>.Empty, null, appendMs);
            }

            scrapeError ??= result.Error;
            duration = _time.GetElapsedTime(start);
            Report(app, appendMs, duration, result, scrapeError is null);
            committing = true;
            app.Commit();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (!committing)
            {
                app?.Rollback();
            }

            Cache.AbortIteration();
            LogCommitFailed(_logger, e, _target.Url);
            scrapeError ??= e.Message;
        }

        return (scrapeError, duration);
    }

    private async Task EndOfRunStalenessAsync(PeriodicTimer ticker)
    {
        DateTimeOffset staleTime;
        try
        {
            // Wait for when the next scrape would have been and take its time; then one more interval, so that a
            // recreated loop for the same target has scraped by now, and a tenth more to be safe.
            if (!await ticker.WaitForNextTickAsync(_parent).ConfigureAwait(false))
            {
                return;
            }

            staleTime = _time.GetUtcNow();
            if (!await ticker.WaitForNextTickAsync(_parent).ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(_target.Interval / 10, _time, _parent).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The manager is shutting down: it will resume where it was, so no stale markers.
            return;
        }

        IAppender? app = null;
        var committing = false;
        try
        {
            app = _appender();
            var ms = staleTime.ToUnixTimeMilliseconds();
            AppendPage(app, ReadOnlyMemory<byte>.Empty, null, ms);
            ReportStale(app, ms);
            committing = true;
            app.Commit();
        }
        catch (Exception e)
        {
            if (!committing)
            {
                app?.Rollback();
            }

            LogStaleFailed(_logger, e, _target.Url);
        }
    }

    /// <summary>
    /// The scrape time, snapped to the interval grid when within 2 ms of it (Prometheus' scrape timestamp alignment),
    /// which keeps timestamps regular and compression good.
    /// </summary>
    private DateTimeOffset AlignedNow()
    {
        var now = _time.GetUtcNow();
        var interval = _target.Interval.Ticks;
        var tolerance = TimeSpan.FromMilliseconds(2).Ticks;
        if (interval <= 100 * tolerance)
        {
            return now;
        }

        var ticks = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var rounded = (ticks + (interval / 2)) / interval * interval;
        return Math.Abs(rounded - ticks) <= tolerance ? DateTimeOffset.UnixEpoch.AddTicks(rounded) : now;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Scrape failed target={Target} err={Error}")]
    private static partial void LogScrapeFailed(ILogger logger, string target, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Append failed target={Target} err={Error}")]
    private static partial void LogAppendFailed(ILogger logger, string target, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scrape commit failed target={Target}")]
    private static partial void LogCommitFailed(ILogger logger, Exception e, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stale append failed target={Target}")]
    private static partial void LogStaleFailed(ILogger logger, Exception e, string target);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scrape loop stopped unexpectedly target={Target}")]
    private static partial void LogLoopFailed(ILogger logger, Exception e, string target);
}
