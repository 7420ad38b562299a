using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Vigil.Metrics.Instance;

/// <summary>
/// Removes WAL directories no instance owns (<c>wal_cleanup_age</c>, <c>wal_cleanup_period</c>), as Grafana Agent's
/// WALCleaner: only the directories directly under <c>wal_directory</c> are looked at, one is abandoned when no running
/// instance uses it and the last segment of its <c>wal</c> was written longer ago than the cleanup age. A directory
/// without readable segments is never removed: it may not be a WAL at all.
/// </summary>
public sealed class WalCleaner
{
    private readonly string _walDirectory;
    private readonly Func<IReadOnlyList<string>> _managed;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WalCleanerMetrics _metrics;

    public WalCleaner(string walDirectory, Func<IReadOnlyList<string>> managed, IMetricFactory factory, TimeProvider time, ILogger logger)
    {
        _walDirectory = walDirectory;
        _managed = managed;
        _time = time;
        _logger = logger;
        _metrics = new WalCleanerMetrics(factory);
    }

    /// <summary>The directories that would be removed now, with a cleanup age of <paramref name="minAge"/>.</summary>
    public IReadOnlyList<string> Abandoned(TimeSpan minAge)
    {
        if (!Directory.Exists(_walDirectory))
        {
            return [];
        }

        var managed = new HashSet<string>(_managed().Select(Normalize), StringComparer.Ordinal);
        var all = Directory.EnumerateDirectories(_walDirectory).Select(Normalize).ToList();
        _metrics.ManagedStorage.Set(all.Count(managed.Contains));
        var cutoff = _time.GetUtcNow() - minAge;
        var abandoned = new List<string>();
        foreach (var dir in all)
        {
            if (managed.Contains(dir))
            {
                continue;
            }

            DateTime? lastWrite;
            try
            {
                lastWrite = LastSegmentWrite(Path.Combine(dir, "wal"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _metrics.SegmentErrors.Inc();
                _logger.LogWarning(e, "unable to find segment mtime of WAL {Directory}", dir);
                continue;
            }

            if (lastWrite is null)
            {
                _metrics.SegmentErrors.Inc();
                _logger.LogDebug("no WAL segments in {Directory}; not a WAL, not removed", dir);
                continue;
            }

            if (lastWrite.Value < cutoff.UtcDateTime)
            {
                abandoned.Add(dir);
            }
        }

        _metrics.AbandonedStorage.Set(abandoned.Count);
        return abandoned;
    }

    /// <summary>One cleanup pass; returns the directories removed.</summary>
    public IReadOnlyList<string> Cleanup(TimeSpan minAge)
    {
        var started = Stopwatch.GetTimestamp();
        var removed = new List<string>();
        foreach (var dir in Abandoned(minAge))
        {
            try
            {
                Directory.Delete(dir, recursive: true);
                removed.Add(dir);
                _metrics.CleanupRunsSuccess.Inc();
                _logger.LogInformation("deleted abandoned WAL {Directory}", dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _metrics.CleanupRunsErrors.Inc();
                _logger.LogError(e, "failed to delete abandoned WAL {Directory}", dir);
            }
        }

        _metrics.CleanupTimes.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return removed;
    }

    /// <summary>Runs <see cref="Cleanup"/> every <paramref name="period"/> until cancelled; a zero period disables it.</summary>
    public async Task RunAsync(TimeSpan period, TimeSpan minAge, CancellationToken cancellationToken)
    {
        if (period <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Cleanup(minAge);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by a reload or shutdown.
        }
    }

    private static DateTime? LastSegmentWrite(string walDir)
    {
        if (!Directory.Exists(walDir))
        {
            return null;
        }

        var segments = Vigil.Wal.WalDirectory.ListSegments(walDir);
        return segments.Count == 0 ? null : File.GetLastWriteTimeUtc(segments[^1].Path);
    }

    private static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
