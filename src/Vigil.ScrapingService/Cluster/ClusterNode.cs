using Microsoft.Extensions.Logging;
using Vigil.ScrapingService.Kv;
using Vigil.ScrapingService.Ring;

namespace Vigil.ScrapingService.Cluster;

/// <summary>
/// One membership of this agent in the ring (behaviour follows Grafana Agent
/// <c>static/metrics/cluster/node.go</c> @ 82edbe52480831a90b754f057760dab2c35c3842): the lifecycler that registers and
/// heartbeats, and the ring view that decides ownership. Peers learn of a join or leave through the ring itself (their
/// ring views watch it), not through Grafana Agent's Reshard gRPC call, so there is no peer list to notify and no
/// <c>cluster_reshard_event_timeout</c> to wait on.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly IKvStore _ringKv;
    private readonly ILogger _logger;
    private bool _joined;

    /// <param name="ringKv">The ring's store, already scoped to the ring key; the node owns and disposes it.</param>
    public ClusterNode(NodeSettings settings, IKvStore ringKv, TimeProvider time, ILogger logger)
    {
        Settings = settings;
        _ringKv = ringKv;
        _logger = logger;
        var ring = new RingStore(ringKv);
        Lifecycler = new Lifecycler(ring, settings.Id, settings.Address, settings.NumTokens, settings.HeartbeatPeriod, settings.UnregisterOnShutdown, time, logger);
        Ring = new RingView(ring, settings.HeartbeatPeriod, settings.HeartbeatTimeout, time, logger);
    }

    public NodeSettings Settings { get; }

    public Lifecycler Lifecycler { get; }

    public RingView Ring { get; }

    /// <summary>Whether this agent owns <paramref name="key"/> in the current view (see <see cref="RingView.Owner(string, string)"/>).</summary>
    public bool Owns(string key) => Ring.Owner(key, Settings.Id)?.Id == Settings.Id;

    /// <summary>
    /// Joins (JOINING, then ACTIVE), then reads the ring. The first view therefore already holds this member as ACTIVE,
    /// which is why Vigil needs no start-up delay before its first reconcile (Grafana Agent sleeps 3 × heartbeat_period
    /// to let its asynchronously updated ring client catch up with its own join).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken, bool activate = true)
    {
        await Lifecycler.JoinAsync(cancellationToken, activate).ConfigureAwait(false);
        _joined = true;
        await Ring.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether this member is ACTIVE (a member started without activating is JOINING until <see cref="ActivateAsync"/>).</summary>
    public bool IsActive => Lifecycler.Self is { State: Vigil.ScrapingService.Ring.MemberState.Active };

    /// <summary>JOINING → ACTIVE, then re-reads the ring so this agent's own view shows it.</summary>
    public async Task ActivateAsync(CancellationToken cancellationToken)
    {
        await Lifecycler.ActivateAsync(cancellationToken).ConfigureAwait(false);
        await Ring.ReadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns LEAVING: this agent owns nothing from now on and peers take its configs over.</summary>
    public async Task BeginLeaveAsync(CancellationToken cancellationToken)
    {
        if (!_joined)
        {
            return;
        }

        try
        {
            await Lifecycler.BeginLeaveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // Peers still see this member stop heartbeating and take over after heartbeat_timeout.
            _logger.LogWarning("could not mark {id} LEAVING in the ring: {err}", Settings.Id, e.Message);
        }
    }

    /// <summary>Removes this member from the ring (with <c>unregister_on_shutdown</c>).</summary>
    public async Task UnregisterAsync(CancellationToken cancellationToken)
    {
        if (!_joined)
        {
            return;
        }

        try
        {
            await Lifecycler.UnregisterAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            _logger.LogWarning("could not remove {id} from the ring: {err}", Settings.Id, e.Message);
        }

        _joined = false;
    }

    /// <summary>Leaves the ring (LEAVING, then unregister).</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await BeginLeaveAsync(cancellationToken).ConfigureAwait(false);
        await UnregisterAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await Ring.DisposeAsync().ConfigureAwait(false);
        await Lifecycler.DisposeAsync().ConfigureAwait(false);
        await _ringKv.DisposeAsync().ConfigureAwait(false);
    }
}
