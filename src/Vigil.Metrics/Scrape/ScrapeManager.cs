using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.Logging;
using Prometheus;
using Vigil.Metrics.Config;
using Vigil.Metrics.Discovery;
using Vigil.Metrics.Discovery.Targets;
using Vigil.Metrics.Storage;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// Runs the scraping of one metrics instance (Prometheus scrape/manager.go @ v2.42): owns the instance's discovery
/// manager, keeps one <see cref="ScrapePool"/> per job and feeds it the job's discovered groups. ApplyConfigAsync
/// keeps the loops of unchanged jobs, reloads changed ones and stops removed ones (their series get stale markers);
/// StopAsync stops everything without stale markers, since the instance resumes where it was on restart.
/// </summary>
public sealed partial class ScrapeManager : IAsyncDisposable
{
    private readonly string _instanceName;
    private readonly Func<IAppender> _appender;
    private readonly ScrapeManagerOptions _options;
    private readonly ScrapeHttpOptions _http;
    private readonly ScrapeMetrics _metrics;
    private readonly DiscoveryMetrics _discoveryMetrics;
    private readonly DiscoveryManager _discovery;
    private readonly ILogger _logger;
    private readonly ulong _jitterSeed;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, ScrapePool> _pools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<TargetGroup>> _groups = new(StringComparer.Ordinal);
    private readonly Lock _drainingLock = new();
    private readonly List<Task> _draining = [];
    private volatile ScrapePool[] _poolSnapshot = [];
    private Task? _updates;
    private volatile bool _ready;
    private int _stopped;

    internal ScrapeManager(string instanceName, Func<IAppender> appender, ScrapeManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(appender);
        ArgumentNullException.ThrowIfNull(options);
        _instanceName = instanceName;
        _appender = appender;
        _options = options;
        _logger = options.Logger;
        var factory = options.Metrics ?? Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry());
        _metrics = new ScrapeMetrics(factory);
        _discoveryMetrics = new DiscoveryMetrics(factory);
        _http = new ScrapeHttpOptions(options.UserAgent, options.DisableKeepAlives, options.IdleConnTimeout);
        _discovery = new DiscoveryManager(instanceName, _discoveryMetrics, _logger, options.Time, options.DiscoveryUpdateInterval);
        _jitterSeed = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(instanceName));
    }

    /// <summary>True once the first config was applied (the targets API skips instances that are not ready).</summary>
    public bool IsReady => _ready;

    /// <summary>
    /// Applies the instance's scrape configs (defaults already applied, job names unique). Unchanged jobs keep their
    /// loops, changed jobs reload their pools, removed jobs stop and their series go stale. Every job is tried; the
    /// first failure is thrown at the end.
    /// </summary>
    public async Task ApplyConfigAsync(IReadOnlyList<ScrapeConfig> configs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configs);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopped) != 0, this);
        var wanted = new Dictionary<string, ScrapeConfig>(StringComparer.Ordinal);
        foreach (var config in configs)
        {
            if (!wanted.TryAdd(config.JobName, config))
            {
                throw new ArgumentException($"found multiple scrape configs with job name \"{config.JobName}\"", nameof(configs));
            }
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var failures = new List<Exception>();
        try
        {
            foreach (var (job, pool) in _pools.ToArray())
            {
                if (!wanted.ContainsKey(job))
                {
                    _pools.Remove(job);
                    _groups.Remove(job);
                    await pool.StopAsync(staleMarkers: true).ConfigureAwait(false);
                }
            }

            foreach (var (job, config) in wanted)
            {
                try
                {
                    if (!_pools.TryGetValue(job, out var pool))
                    {
                        _pools[job] = new ScrapePool(config, _http, _appender, _metrics, _logger, _options.Time, _jitterSeed, Drain, _stopping.Token);
                    }
                    else if (!ConfigYaml.SameAs(pool.Config, config))
                    {
                        await pool.ReloadAsync(config).ConfigureAwait(false);
                        if (_groups.TryGetValue(job, out var groups))
                        {
                            await pool.SyncAsync(groups).ConfigureAwait(false);
                        }
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogPoolFailed(_logger, e, _instanceName, job);
                    failures.Add(e);
                }
            }

            _poolSnapshot = [.. _pools.Values];
            var discoverers = new Dictionary<string, IReadOnlyList<IDiscoverer>>(StringComparer.Ordinal);
            foreach (var (job, config) in wanted)
            {
                if (_pools.ContainsKey(job))
                {
                    discoverers[job] = DiscovererFactory.Create(config, _discoveryMetrics, _logger, _options.Time);
                }
            }

            await _discovery.ApplyConfigAsync(discoverers).ConfigureAwait(false);
            _updates ??= Task.Run(ConsumeUpdatesAsync);
            _ready = true;
        }
        finally
        {
            _gate.Release();
        }

        if (failures.Count > 0)
        {
            throw failures.Count == 1 ? failures[0] : new AggregateException(failures);
        }
    }

    /// <summary>The active targets per job name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TargetStatus>> ActiveTargets() =>
        _poolSnapshot.ToDictionary(p => p.JobName, p => p.ActiveTargets(), StringComparer.Ordinal);

    /// <summary>The targets relabeling dropped, per job name (at most keep_dropped_targets each when set).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ScrapeTarget>> DroppedTargets() =>
        _poolSnapshot.ToDictionary(p => p.JobName, p => p.DroppedTargets(), StringComparer.Ordinal);

    /// <summary>Stops discovery and every loop without writing stale markers.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await _discovery.DisposeAsync().ConfigureAwait(false);
            if (_updates is not null)
            {
                await _updates.ConfigureAwait(false);
            }

            await Task.WhenAll(_pools.Values.Select(p => p.StopAsync(staleMarkers: false))).ConfigureAwait(false);
            _pools.Clear();
            _poolSnapshot = [];
            Task[] draining;
            lock (_drainingLock)
            {
                draining = [.. _draining];
                _draining.Clear();
            }

            await Task.WhenAll(draining).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task ConsumeUpdatesAsync()
    {
        try
        {
            await foreach (var update in _discovery.Updates.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                await _gate.WaitAsync(_stopping.Token).ConfigureAwait(false);
                try
                {
                    foreach (var (job, discovered) in update)
                    {
                        if (!_pools.TryGetValue(job, out var pool))
                        {
                            continue;
                        }

                        var groups = _options.GroupFilter is { } filter ? filter(job, discovered) : discovered;
                        _groups[job] = groups;
                        try
                        {
                            await pool.SyncAsync(groups).ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            LogSyncFailed(_logger, e, _instanceName, job);
                        }
                    }
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    private void Drain(Task completion)
    {
        lock (_drainingLock)
        {
            _draining.RemoveAll(t => t.IsCompleted);
            _draining.Add(completion);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "error creating or reloading scrape pool instance={Instance} scrape_pool={Job}")]
    private static partial void LogPoolFailed(ILogger logger, Exception e, string instance, string job);

    [LoggerMessage(Level = LogLevel.Error, Message = "error syncing scrape pool instance={Instance} scrape_pool={Job}")]
    private static partial void LogSyncFailed(ILogger logger, Exception e, string instance, string job);
}
