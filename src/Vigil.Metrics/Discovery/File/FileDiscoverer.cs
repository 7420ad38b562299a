using Microsoft.Extensions.Logging;

namespace Vigil.Metrics.Discovery.File;

/// <summary>
/// file_sd_configs: reads the files matched by the patterns when a watched directory changes and every
/// refresh_interval. As in Prometheus, a file that fails to read or decode keeps its last good groups (counted in
/// <c>prometheus_sd_file_read_errors_total</c>), while a file no longer matched (deleted) takes its groups away.
/// </summary>
internal sealed class FileDiscoverer : IDiscoverer
{
    private readonly IReadOnlyList<GlobPattern> _patterns;
    private readonly TimeSpan _refreshInterval;
    private readonly DiscoveryMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, IReadOnlyList<TargetGroup>> _lastGood = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changed = new(0);
    private IReadOnlyList<TargetGroup>? _published;

    public FileDiscoverer(FileSdConfig config, DiscoveryMetrics metrics, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(config);
        _patterns = config.Files.Select(f => new GlobPattern(f)).ToArray();
        _refreshInterval = config.RefreshInterval.Value > TimeSpan.Zero ? config.RefreshInterval.Value : FileSdConfig.DefaultRefreshInterval.Value;
        _metrics = metrics;
        _logger = logger;
        _time = time;
    }

    public async Task RunAsync(Action<IReadOnlyList<TargetGroup>> publish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publish);
        var watchers = StartWatchers();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Refresh(publish);
                using var tick = new CancellationTokenSource(_refreshInterval, _time);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, tick.Token);
                try
                {
                    // Several events for one write collapse into one re-read: drain whatever piled up.
                    await _changed.WaitAsync(timeout.Token).ConfigureAwait(false);
                    while (_changed.CurrentCount > 0)
                    {
                        await _changed.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // refresh_interval elapsed: re-read anyway, as Prometheus does in case an event was missed.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the owner.
        }
        finally
        {
            foreach (var watcher in watchers)
            {
                watcher.Dispose();
            }
        }
    }

    /// <summary>One scan of all patterns; publishes when the result differs from the last published set.</summary>
    internal void Refresh(Action<IReadOnlyList<TargetGroup>> publish)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in _patterns)
        {
            foreach (var path in pattern.Match())
            {
                if (!seen.Add(path))
                {
                    continue;
                }

                try
                {
                    _lastGood[path] = TargetGroupFileDecoder.Decode(path, System.IO.File.ReadAllText(path));
                }
                catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
                {
                    _metrics.FileReadErrors.Inc();
                    _logger.LogError(e, "Error reading file {Path}, keeping its last good target groups: {Error}", path, e.Message);
                }
            }
        }

        foreach (var gone in _lastGood.Keys.Where(k => !seen.Contains(k)).ToArray())
        {
            _lastGood.Remove(gone);
        }

        var all = _lastGood.OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => kv.Value).ToArray();
        if (_published is null || !_published.SequenceEqual(all))
        {
            _published = all;
            publish(all);
        }
    }

    private List<FileSystemWatcher> StartWatchers()
    {
        var watchers = new List<FileSystemWatcher>();
        foreach (var directory in _patterns.Select(p => Path.GetFullPath(p.Directory)).Distinct(StringComparer.Ordinal))
        {
            try
            {
                var watcher = new FileSystemWatcher(directory)
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.DirectoryName,
                };
                watcher.Changed += (_, _) => _changed.Release();
                watcher.Created += (_, _) => _changed.Release();
                watcher.Deleted += (_, _) => _changed.Release();
                watcher.Renamed += (_, _) => _changed.Release();
                watcher.EnableRaisingEvents = true;
                watchers.Add(watcher);
            }
            catch (Exception e) when (e is ArgumentException or IOException or PlatformNotSupportedException)
            {
                // A missing directory is only re-read on refresh_interval, like Prometheus when it cannot watch a path.
                _logger.LogError(e, "Error adding file watch for {Directory}", directory);
            }
        }

        return watchers;
    }
}
