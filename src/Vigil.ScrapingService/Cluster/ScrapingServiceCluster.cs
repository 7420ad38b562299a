using Microsoft.Extensions.Logging;
using Vigil.Metrics.Config;
using Vigil.Metrics.Instance;
using Vigil.ScrapingService.ConfigStore;
using Vigil.ScrapingService.Kv;

namespace Vigil.ScrapingService.Cluster;

/// <summary>
/// Scraping-service mode's runtime (Grafana Agent <c>cluster.Cluster</c>): this agent's ring membership and its config
/// watcher, following <c>metrics.scraping_service</c> on every apply. Enabled: join (or, when the lifecycler or ring
/// settings changed, leave and re-join), then reconcile. Disabled or disposed: turn LEAVING so peers take over, stop
/// the watcher (deleting every instance it ran), then unregister.
/// </summary>
public sealed class ScrapingServiceCluster : IAsyncDisposable
{
    private readonly IInstanceManager? _instances;
    private readonly ClusterMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly Func<KvStoreConfig, IKvStore> _openRingKv;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ClusterNode? _node;
    private ConfigWatcher? _watcher;
    private bool _warnedNoInstances;
    private int _disposed;

    /// <param name="instances">Where owned configs run; null runs the ring alone (a host without an instance manager yet).</param>
    /// <param name="openRingKv">Opens the ring's store; <see cref="RingKvFactory.Open"/> by default. Tests share one store.</param>
    public ScrapingServiceCluster(
        IInstanceManager? instances,
        ClusterMetrics metrics,
        TimeProvider time,
        ILoggerFactory loggers,
        Func<KvStoreConfig, IKvStore>? openRingKv = null)
    {
        _instances = instances;
        _metrics = metrics;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ScrapingServiceCluster>();
        _openRingKv = openRingKv ?? (config => RingKvFactory.Open(config, _logger));
    }

    /// <summary>The current membership, or null when scraping-service mode is off.</summary>
    public ClusterNode? Node => Volatile.Read(ref _node);

    /// <summary>The config watcher, or null when off (or when there is no instance manager).</summary>
    public ConfigWatcher? Watcher => Volatile.Read(ref _watcher);

    /// <summary>
    /// Applies <paramref name="metrics"/> with the config store <paramref name="store"/> (null when the service is off).
    /// <paramref name="grpcPort"/> and <paramref name="fallbackHost"/> complete the lifecycler's address (§2.5).
    /// </summary>
    public async Task ApplyAsync(MetricsConfig metrics, RemoteConfigStore? store, int grpcPort, string fallbackHost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var service = metrics.ScrapingService ?? new ScrapingServiceConfig();
            if (!service.Enabled || store is null)
            {
                await StopLockedAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            var lifecycler = service.Lifecycler ?? new LifecyclerConfig();
            var settings = NodeSettings.From(lifecycler, grpcPort, fallbackHost, _logger);
            if (_node is null || _node.Settings != settings)
            {
                await RejoinLockedAsync(settings, lifecycler.Ring?.KvStore ?? new KvStoreConfig { Prefix = RingConfig.DefaultRingPrefix }, cancellationToken)
                    .ConfigureAwait(false);
            }

            if (_instances is null)
            {
                if (!_warnedNoInstances)
                {
                    _logger.LogWarning("scraping service: no instance manager in this host, so owned configs are not run");
                    _warnedNoInstances = true;
                }

                return;
            }

            if (_watcher is null)
            {
                Volatile.Write(ref _watcher, new ConfigWatcher(_instances, _metrics, _time, _loggers.CreateLogger<ConfigWatcher>()));
                _watcher.Apply(new ConfigWatcherSettings(store, metrics, _node!.Owns));
                _watcher.Start();
            }
            else
            {
                _watcher.Apply(new ConfigWatcherSettings(store, metrics, _node!.Owns));
            }

            if (!_node.IsActive)
            {
                // Run what this agent is about to own first, then turn ACTIVE: its peers hand the configs over only
                // then, so a restarted agent leaves no gap (for at most a reshard interval both scrape them).
                if (!await _watcher.RefreshAsync(cancellationToken).ConfigureAwait(false))
                {
                    _logger.LogWarning("scraping service: the first reconcile did not complete; turning ACTIVE anyway");
                }

                await _node.ActivateAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Leaves the ring and stops every instance the watcher ran, as on shutdown.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StopLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Idempotent: the host's container disposes the subsystem that owns this cluster once as itself and once as the
    /// hosted service registered through a factory, and both reach here.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _gate.Dispose();
    }

    /// <summary>
    /// Leaves with the old settings and joins with the new ones. The watcher is paused meanwhile and keeps its instances:
    /// the refresh after the join moves whatever changed owner, instead of stopping everything and starting it again.
    /// </summary>
    private async Task RejoinLockedAsync(NodeSettings settings, KvStoreConfig ringKv, CancellationToken cancellationToken)
    {
        if (_watcher is not null)
        {
            await _watcher.PauseAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_node is { } old)
        {
            _logger.LogInformation("ring settings changed: leaving the ring as {id} to join again", old.Settings.Id);
            await old.LeaveAsync(cancellationToken).ConfigureAwait(false);
            await old.DisposeAsync().ConfigureAwait(false);
            Volatile.Write(ref _node, null);
        }

        var prefix = (ringKv.Prefix ?? RingConfig.DefaultRingPrefix) + NodeSettings.RingKey;
        var node = new ClusterNode(settings, new PrefixedKvStore(_openRingKv(ringKv), prefix), _time, _loggers.CreateLogger<ClusterNode>());
        try
        {
            // With an instance manager the node stays JOINING until its first reconcile ran the configs it owns
            // (ApplyAsync activates it), so its peers do not let go of them before it scrapes them.
            await node.StartAsync(cancellationToken, activate: _instances is null).ConfigureAwait(false);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        node.Ring.Changed += OnRingChanged;
        Volatile.Write(ref _node, node);
    }

    private void OnRingChanged() => Volatile.Read(ref _watcher)?.RequestRefresh();

    private async Task StopLockedAsync(CancellationToken cancellationToken)
    {
        var node = _node;
        var watcher = _watcher;
        if (node is null && watcher is null)
        {
            return;
        }

        if (node is not null)
        {
            await node.BeginLeaveAsync(cancellationToken).ConfigureAwait(false);
        }

        if (watcher is not null)
        {
            await watcher.DisposeAsync().ConfigureAwait(false);
            Volatile.Write(ref _watcher, null);
        }

        if (node is not null)
        {
            await node.UnregisterAsync(cancellationToken).ConfigureAwait(false);
            node.Ring.Changed -= OnRingChanged;
            await node.DisposeAsync().ConfigureAwait(false);
            Volatile.Write(ref _node, null);
        }
    }
}
