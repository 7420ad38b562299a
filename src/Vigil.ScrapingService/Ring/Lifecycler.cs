using Microsoft.Extensions.Logging;

namespace Vigil.ScrapingService.Ring;

/// <summary>
/// This agent's membership in the ring: joins with <c>num_tokens</c> random tokens that no other member holds
/// (JOINING, then ACTIVE), heartbeats every <c>heartbeat_period</c>, and on stop turns LEAVING and, with
/// <c>unregister_on_shutdown</c>, removes itself. A failed heartbeat is logged and retried on the next tick.
/// </summary>
public sealed class Lifecycler(
    RingStore ring,
    string id,
    string address,
    int numTokens,
    TimeSpan heartbeatPeriod,
    bool unregisterOnShutdown,
    TimeProvider time,
    ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _selfLock = new();
    private RingMember? _self;
    private Task? _heartbeats;
    private int _stopped;

    public RingMember? Self => _self;

    /// <summary>Raised after this member's state changes (join, leave): peers should reshard.</summary>
    public event Action? StateChanged;

    /// <summary>
    /// Registers this member: JOINING, then (with <paramref name="activate"/>) ACTIVE. A member that joins without
    /// activating heartbeats as JOINING and owns nothing in its peers' eyes until <see cref="ActivateAsync"/>, so a
    /// restarted agent can start its configs before its peers let go of them.
    /// </summary>
    public async Task JoinAsync(CancellationToken cancellationToken, bool activate = true)
    {
        var snapshot = await ring.ReadAsync(cancellationToken).ConfigureAwait(false);
        var existing = snapshot.Members.FirstOrDefault(m => m.Id == id);
        var taken = snapshot.Members.Where(m => m.Id != id).SelectMany(m => m.Tokens).ToHashSet();

        // A member that restarts keeps its tokens, so its configs come back to it.
        var tokens = existing is { Tokens.Length: > 0 } && existing.Tokens.Length == numTokens
            ? existing.Tokens
            : TokenGenerator.Generate(numTokens, taken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        _self = new RingMember(id, address, MemberState.Joining, tokens, now, existing?.RegisteredUnixMs ?? now);
        await ring.WriteAsync(_self, cancellationToken).ConfigureAwait(false);
        if (activate)
        {
            _self = _self with { State = MemberState.Active, HeartbeatUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds() };
            await ring.WriteAsync(_self, cancellationToken).ConfigureAwait(false);
        }

        logger.LogInformation("joined the ring as {id} at {address} with {tokens} tokens ({state})", id, address, tokens.Length, _self.State);
        _heartbeats = HeartbeatLoopAsync(_stop.Token);
        StateChanged?.Invoke();
    }

    /// <summary>JOINING → ACTIVE: from now on this member owns its share of the configs in every peer's view.</summary>
    public async Task ActivateAsync(CancellationToken cancellationToken)
    {
        RingMember self;
        lock (_selfLock)
        {
            if (_self is not { State: MemberState.Joining })
            {
                return;
            }

            _self = self = _self with { State = MemberState.Active, HeartbeatUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds() };
        }

        await ring.WriteAsync(self, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("{id} is ACTIVE in the ring", id);
        StateChanged?.Invoke();
    }

    /// <summary>Leaves the ring: <see cref="BeginLeaveAsync"/>, then <see cref="UnregisterAsync"/>.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await BeginLeaveAsync(cancellationToken).ConfigureAwait(false);
        await UnregisterAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops heartbeating and turns LEAVING: from then on this member owns nothing, so peers take its configs over
    /// while it stops its own instances.
    /// </summary>
    public async Task BeginLeaveAsync(CancellationToken cancellationToken)
    {
        await StopHeartbeatsAsync().ConfigureAwait(false);

        if (_self is null || _self.State == MemberState.Leaving)
        {
            return;
        }

        _self = _self with { State = MemberState.Leaving, HeartbeatUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds() };
        await ring.WriteAsync(_self, cancellationToken).ConfigureAwait(false);
        StateChanged?.Invoke();
    }

    /// <summary>With <c>unregister_on_shutdown</c>, removes this member from the ring (after <see cref="BeginLeaveAsync"/>).</summary>
    public async Task UnregisterAsync(CancellationToken cancellationToken)
    {
        if (_self is null)
        {
            return;
        }

        if (unregisterOnShutdown)
        {
            await ring.RemoveAsync(id, cancellationToken).ConfigureAwait(false);
        }

        _self = null;
        logger.LogInformation("left the ring as {id}", id);
    }

    /// <summary>Stops heartbeating without leaving (the member stays in the ring until it turns stale).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopHeartbeatsAsync().ConfigureAwait(false);
    }

    private async Task StopHeartbeatsAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        if (_heartbeats is not null)
        {
            await _heartbeats.ConfigureAwait(false);
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(heartbeatPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                RingMember self;
                lock (_selfLock)
                {
                    _self = self = _self! with { HeartbeatUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds() };
                }

                try
                {
                    await ring.WriteAsync(self, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    logger.LogWarning("ring heartbeat of {id} failed, retrying next period: {err}", id, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
