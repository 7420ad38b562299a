using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Vigil.Metrics.Discovery;

/// <summary>
/// Runs the discoverers of every scrape job and merges their groups per job. Like Prometheus' discovery manager it
/// sends at most one update per <c>updateInterval</c> (5 s by default): provider changes in between collapse into the
/// next send, and a send the consumer is not ready for is retried on the next tick rather than queued.
/// </summary>
internal sealed class DiscoveryManager : IAsyncDisposable
{
    public static readonly TimeSpan DefaultUpdateInterval = TimeSpan.FromSeconds(5);

    private readonly string _name;
    private readonly DiscoveryMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _updateInterval;
    private readonly Channel<IReadOnlyDictionary<string, IReadOnlyList<TargetGroup>>> _updates =
        Channel.CreateBounded<IReadOnlyDictionary<string, IReadOnlyList<TargetGroup>>>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.Wait });

    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private Dictionary<string, IReadOnlyList<TargetGroup>?[]> _targets = new(StringComparer.Ordinal);
    private CancellationTokenSource _providersStop = new();
    private List<Task> _providers = [];
    private bool _dirty;
    private bool _initialPending;
    private Task? _sender;

    public DiscoveryManager(string name, DiscoveryMetrics metrics, ILogger logger, TimeProvider? time = null, TimeSpan? updateInterval = null)
    {
        _name = name;
        _metrics = metrics;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _updateInterval = updateInterval ?? DefaultUpdateInterval;
    }

    /// <summary>Each update holds the complete set of groups of every job, keyed by job name.</summary>
    public ChannelReader<IReadOnlyDictionary<string, IReadOnlyList<TargetGroup>>> Updates => _updates.Reader;

    /// <summary>Stops the running discoverers and starts <paramref name="jobs"/>; a job whose discoverers found nothing is sent with no groups.</summary>
    public async Task ApplyConfigAsync(IReadOnlyDictionary<string, IReadOnlyList<IDiscoverer>> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        await StopProvidersAsync().ConfigureAwait(false);

        var stop = new CancellationTokenSource();
        var targets = jobs.ToDictionary(j => j.Key, j => new IReadOnlyList<TargetGroup>?[j.Value.Count], StringComparer.Ordinal);
        lock (_lock)
        {
            _providersStop = stop;
            _targets = targets;
            _dirty = true;
            _initialPending = true;
        }

        var providers = new List<Task>();
        foreach (var (job, discoverers) in jobs)
        {
            for (var i = 0; i < discoverers.Count; i++)
            {
                var slot = targets[job];
                var index = i;
                var discoverer = discoverers[i];
                providers.Add(Task.Run(() => RunProviderAsync(job, discoverer, groups => Update(slot, index, groups), stop.Token)));
            }
        }

        _providers = providers;
        _sender ??= Task.Run(SendLoopAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await StopProvidersAsync().ConfigureAwait(false);
        if (_sender is not null)
        {
            await _sender.ConfigureAwait(false);
        }

        _updates.Writer.TryComplete();
        _stopping.Dispose();
    }

    /// <summary>The merged groups of every job right now (what the next update will carry).</summary>
    internal IReadOnlyDictionary<string, IReadOnlyList<TargetGroup>> Snapshot()
    {
        lock (_lock)
        {
            return SnapshotLocked();
        }
    }

    private Dictionary<string, IReadOnlyList<TargetGroup>> SnapshotLocked() =>
        _targets.ToDictionary(
            j => j.Key,
            j => (IReadOnlyList<TargetGroup>)j.Value.Where(g => g is not null).SelectMany(g => g!).ToArray(),
            StringComparer.Ordinal);

    private void Update(IReadOnlyList<TargetGroup>?[] slot, int index, IReadOnlyList<TargetGroup> groups)
    {
        _metrics.ReceivedUpdates.WithLabels(_name).Inc();
        lock (_lock)
        {
            // A late publish from a provider of the previous config must not leak into the new one.
            if (_targets.Values.Contains(slot))
            {
                slot[index] = groups;
                _dirty = true;
                if (_initialPending && _targets.Values.All(s => s.All(g => g is not null)))
                {
                    // Every provider of a new config has reported: send at once instead of on the next tick, so a new
                    // instance (or one a peer just handed over) scrapes within its first interval, not up to 5 s later.
                    _initialPending = false;
                    if (_updates.Writer.TryWrite(SnapshotLocked()))
                    {
                        _dirty = false;
                        _metrics.UpdatesSent.WithLabels(_name).Inc();
                    }
                }
            }
        }
    }

    private async Task RunProviderAsync(string job, IDiscoverer discoverer, Action<IReadOnlyList<TargetGroup>> publish, CancellationToken cancellationToken)
    {
        try
        {
            await discoverer.RunAsync(publish, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by a new config or shutdown.
        }
        catch (Exception e)
        {
            // One broken provider must not take the others down; its last groups stay until the next config.
            _logger.LogError(e, "Discoverer {Type} of job {Job} stopped", discoverer.GetType().Name, job);
        }
        finally
        {
            (discoverer as IDisposable)?.Dispose();
        }
    }

    private async Task SendLoopAsync()
    {
        using var timer = new PeriodicTimer(_updateInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                IReadOnlyDictionary<string, IReadOnlyList<TargetGroup>> snapshot;
                lock (_lock)
                {
                    if (!_dirty)
                    {
                        continue;
                    }

                    snapshot = SnapshotLocked();
                    _dirty = false;
                }

                if (_updates.Writer.TryWrite(snapshot))
                {
                    _metrics.UpdatesSent.WithLabels(_name).Inc();
                }
                else
                {
                    // The consumer still holds the previous update: try again on the next tick with fresher data.
                    _metrics.UpdatesDelayed.WithLabels(_name).Inc();
                    lock (_lock)
                    {
                        _dirty = true;
                    }

                    _logger.LogDebug("Discovery receiver's channel was full so will retry the next cycle");
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    private async Task StopProvidersAsync()
    {
        CancellationTokenSource stop;
        List<Task> providers;
        lock (_lock)
        {
            stop = _providersStop;
            providers = _providers;
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(providers).ConfigureAwait(false);
        stop.Dispose();
    }
}
