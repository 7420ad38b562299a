using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.Metrics.Instance;
using Vigil.ScrapingService.ConfigStore;

namespace Vigil.ScrapingService.Cluster;

/// <summary>
/// Runs, on this agent, the stored configs this agent owns (behaviour follows Grafana Agent
/// <c>static/metrics/cluster/config_watcher.go</c> @ 07bf1d6030ef7d1d07dbb7f5c79d1e53f5aff826). One reconcile: list every stored config, keep the owned ones, validate
/// them, and diff them against what this watcher applied — apply new and changed ones, delete the ones no longer owned or
/// no longer stored. A full reconcile runs when asked (<see cref="RequestRefresh"/>: ring changes, settings changes) and
/// every <c>reshard_interval</c>; a config store watch event reconciles just its key. Watches are best-effort: the
/// periodic full reconcile is what guarantees convergence. Errors on one config are logged and counted and never stop
/// the others. Only this watcher's own applies are tracked, so static configs on the same instance manager are never
/// touched.
/// </summary>
public sealed class ConfigWatcher : IAsyncDisposable
{
    private static readonly TimeSpan WatchRetryDelay = TimeSpan.FromSeconds(5);

    private readonly IInstanceManager _instances;
    private readonly ClusterMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _lifecycle = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<bool> _refreshRequests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        // A request while one is pending adds nothing: the pending refresh will see the latest state.
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    // Name → fingerprint of what was applied; a null fingerprint is an apply that failed (retried on the next refresh,
    // and still deleted if the config goes away, in case the manager kept part of it). Guarded by _gate.
    private readonly Dictionary<string, string?> _applied = new(StringComparer.Ordinal);
    private readonly List<Task> _tasks = [];
    private ConfigWatcherSettings? _settings;
    private RemoteConfigStore? _watchedStore;
    private CancellationTokenSource? _watchStop;
    private bool _started;
    private bool _stopped;
    private long _refreshes;
    private int _watchesStarted;

    public ConfigWatcher(IInstanceManager instances, ClusterMetrics metrics, TimeProvider time, ILogger logger)
    {
        _instances = instances;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>Full reconciles completed (successful or not); tests use it to see that a reshard happened.</summary>
    public long Refreshes => Interlocked.Read(ref _refreshes);

    /// <summary>Store watches subscribed so far (tests wait for the first before writing).</summary>
    internal int WatchesStarted => Volatile.Read(ref _watchesStarted);

    /// <summary>The names this watcher has applied (or tried to), sorted.</summary>
    public IReadOnlyList<string> Applied
    {
        get
        {
            _gate.Wait();
            try
            {
                return [.. _applied.Keys.Order(StringComparer.Ordinal)];
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>Takes new settings; a new store restarts the store watch. Queues a full reconcile.</summary>
    public void Apply(ConfigWatcherSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_lifecycle)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            Volatile.Write(ref _settings, settings);
            if (_started && !ReferenceEquals(settings.Store, _watchedStore))
            {
                StartWatchLocked(settings.Store);
            }
        }

        RequestRefresh();
    }

    /// <summary>
    /// Stops reconciling until the next <see cref="Apply"/> with an ownership check, and waits for a reconcile in
    /// flight to end. Instances stay as they are: used while this agent re-joins the ring.
    /// </summary>
    public async Task PauseAsync(CancellationToken cancellationToken)
    {
        lock (_lifecycle)
        {
            if (Volatile.Read(ref _settings) is { } settings)
            {
                Volatile.Write(ref _settings, settings with { Owns = null });
            }
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        _gate.Release();
    }

    /// <summary>Starts the reconcile loop and the store watch.</summary>
    public void Start()
    {
        lock (_lifecycle)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (_started)
            {
                return;
            }

            _started = true;
            _tasks.Add(Task.Run(() => RunAsync(_stop.Token)));
            if (Volatile.Read(ref _settings) is { } settings)
            {
                StartWatchLocked(settings.Store);
            }
        }
    }

    /// <summary>Queues a full reconcile; at most one is ever queued.</summary>
    public void RequestRefresh() => _refreshRequests.Writer.TryWrite(true);

    /// <summary>
    /// One full reconcile, bounded by <c>reshard_timeout</c>. Returns false when listing the store failed or timed out
    /// (nothing is deleted then: a partial listing proves nothing) or when any config failed.
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        // Settings are read under the gate, so that after PauseAsync returns no reconcile uses the old ownership.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var settings = Volatile.Read(ref _settings);
        if (settings?.Owns is not { } owns)
        {
            _gate.Release();
            _logger.LogDebug("refresh skipped: no ring view yet");
            return true;
        }

        var start = _time.GetTimestamp();
        var success = true;
        try
        {
            using var timeout = settings.ReshardTimeout > TimeSpan.Zero
                ? new CancellationTokenSource(settings.ReshardTimeout, _time)
                : new CancellationTokenSource();
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            IReadOnlyList<(string Name, InstanceConfig Config)> owned;
            try
            {
                owned = await settings.Store.AllAsync(owns, bounded.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Any failure to list (store down, store closed by a reload that swaps it, reshard_timeout) fails
                // this refresh only; the next one starts afresh.
                _logger.LogError("refresh failed: cannot list the config store: {err}", e.Message);
                return success = false;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, config) in owned)
            {
                if (timeout.IsCancellationRequested)
                {
                    _logger.LogError("refresh timed out after reshard_timeout {timeout}; the rest waits for the next refresh", settings.ReshardTimeout);
                    return success = false;
                }

                seen.Add(name);
                success &= await ReconcileLockedAsync(settings, name, config, cancellationToken).ConfigureAwait(false);
            }

            foreach (var name in _applied.Keys.Where(n => !seen.Contains(n)).ToList())
            {
                success &= await ReconcileLockedAsync(settings, name, null, cancellationToken).ConfigureAwait(false);
            }

            return success;
        }
        finally
        {
            _gate.Release();
            if (!cancellationToken.IsCancellationRequested)
            {
                var elapsed = _time.GetElapsedTime(start);
                _metrics.ReshardDuration.WithLabels(success ? "1" : "0").Observe(elapsed.TotalSeconds);
                _logger.LogInformation("refresh finished in {duration}: success={success}", elapsed, success ? 1 : 0);
                Interlocked.Increment(ref _refreshes);
            }
        }
    }

    /// <summary>
    /// Reconciles one key after a store event (<paramref name="config"/> null: deleted): a running config that is deleted
    /// or no longer owned is deleted; an owned one is validated and applied if new or changed; an unowned one is ignored.
    /// </summary>
    public async Task<bool> HandleEventAsync(string name, InstanceConfig? config, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var settings = Volatile.Read(ref _settings);
            if (settings?.Owns is null)
            {
                return true;
            }

            return await ReconcileLockedAsync(settings, name, config, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the loops, then deletes every instance this watcher applied. Later calls do nothing.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] tasks;
        lock (_lifecycle)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            tasks = [.. _tasks];
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(tasks).ConfigureAwait(false);
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            foreach (var name in _applied.Keys.ToList())
            {
                await DeleteLockedAsync(name, cancellationToken).ConfigureAwait(false);
            }

            _applied.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _watchStop?.Dispose();
        _stop.Dispose();
        _gate.Dispose();
    }

    /// <summary>How long until the next periodic refresh: the rest of the interval since the last one, never negative.</summary>
    public static TimeSpan NextReshardDelay(DateTimeOffset lastReshard, TimeSpan interval, DateTimeOffset now)
    {
        if (interval <= TimeSpan.Zero)
        {
            return Timeout.InfiniteTimeSpan;
        }

        var remaining = lastReshard + interval - now;
        return remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
    }

    private async Task<bool> ReconcileLockedAsync(ConfigWatcherSettings settings, string name, InstanceConfig? config, CancellationToken cancellationToken)
    {
        var owned = config is not null && settings.Owns is { } owns && owns(name);
        var running = _applied.TryGetValue(name, out var appliedFingerprint);
        if (!owned)
        {
            if (!running)
            {
                return true;
            }

            _logger.LogInformation(
                config is null ? "untracking deleted config {name}" : "untracking config {name}: it moved to another agent",
                name);
            return await DeleteLockedAsync(name, cancellationToken).ConfigureAwait(false);
        }

        if (StoredConfigValidation.Prepare(name, config!, settings.Metrics) is { } error)
        {
            // A running config keeps its last good version, as a failed update on the instance manager does.
            _metrics.ConfigErrors.WithLabels(ClusterMetrics.ReasonInvalid).Inc();
            _logger.LogError(
                "failed to validate config. {name} cannot run until the global settings are adjusted or the config is adjusted to operate within the global constraints. error: {err}",
                name,
                error);
            return false;
        }

        var fingerprint = Fingerprint(config!, settings.Metrics.Global);
        if (running && appliedFingerprint == fingerprint)
        {
            return true;
        }

        if (!running)
        {
            _logger.LogInformation("tracking new config {name}", name);
        }

        try
        {
            await _instances.ApplyConfigAsync(config!, cancellationToken).ConfigureAwait(false);
            _applied[name] = fingerprint;
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The manager's contract: a failed update leaves the old config running. Either way the next refresh retries.
            _applied[name] = null;
            _metrics.ConfigErrors.WithLabels(ClusterMetrics.ReasonApply).Inc();
            _logger.LogError("failed to apply config {name}: {err}", name, e.Message);
            return false;
        }
    }

    private async Task<bool> DeleteLockedAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await _instances.DeleteConfigAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyNotFoundException)
        {
            // The manager never ran it (its apply failed): there is nothing left to stop.
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Still tracked, so the next refresh (or the stop) tries again.
            _metrics.ConfigErrors.WithLabels(ClusterMetrics.ReasonDelete).Inc();
            _logger.LogError("failed to delete config {name}: {err}", name, e.Message);
            return false;
        }

        _applied.Remove(name);
        return true;
    }

    /// <summary>What decides "changed": the config after defaults, and the global block it was defaulted against.</summary>
    private static string Fingerprint(InstanceConfig config, GlobalConfig global) =>
        VigilYaml.Serialize(config, scrubSecrets: false) + "\n--- global\n" + VigilYaml.Serialize(global, scrubSecrets: false);

    private void StartWatchLocked(RemoteConfigStore store)
    {
        _watchStop?.Cancel();
        _watchStop?.Dispose();
        _watchStop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        _watchedStore = store;
        var token = _watchStop.Token;
        _tasks.RemoveAll(t => t.IsCompleted);
        _tasks.Add(Task.Run(() => WatchAsync(store, token)));
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var lastReshard = _time.GetUtcNow();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var interval = Volatile.Read(ref _settings)?.ReshardInterval ?? TimeSpan.Zero;
                var delay = NextReshardDelay(lastReshard, interval, _time.GetUtcNow());
                using (var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    var timer = Task.Delay(delay, _time, wake.Token);
                    var requested = _refreshRequests.Reader.WaitToReadAsync(wake.Token).AsTask();
                    var first = await Task.WhenAny(timer, requested).ConfigureAwait(false);
                    await wake.CancelAsync().ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                    if (first == timer)
                    {
                        _logger.LogDebug("reshard interval elapsed, refreshing");
                        lastReshard = _time.GetUtcNow();
                    }
                }

                _refreshRequests.Reader.TryRead(out _);
                try
                {
                    await RefreshAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // The loop must outlive any one refresh: the next trigger or interval tries again.
                    _logger.LogError("refresh failed: {err}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task WatchAsync(RemoteConfigStore store, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var events = store.WatchAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                await using (events.ConfigureAwait(false))
                {
                    // The first MoveNext subscribes. Events before it are lost, so reconcile fully once more after it.
                    var next = events.MoveNextAsync();
                    Interlocked.Increment(ref _watchesStarted);
                    RequestRefresh();
                    while (await next.ConfigureAwait(false))
                    {
                        var (name, config) = events.Current;
                        await HandleEventAsync(name, config, cancellationToken).ConfigureAwait(false);
                        next = events.MoveNextAsync();
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning("config store watch failed, retrying; the periodic refresh covers missed events: {err}", e.Message);
            }

            // The watch ended (store closed, or it could not start): try again later; refreshes keep things right meanwhile.
            try
            {
                await Task.Delay(WatchRetryDelay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
