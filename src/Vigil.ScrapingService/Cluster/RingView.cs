using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vigil.ScrapingService.Ring;

namespace Vigil.ScrapingService.Cluster;

/// <summary>
/// This agent's current view of the ring (dskit's ring client, <c>agent_viewer</c>): re-read on every change the ring
/// key's watch reports and, because watches are best-effort and health changes with time alone, every heartbeat
/// period. <see cref="Changed"/> fires when the set of healthy members or their tokens changed — a member joined,
/// left, or stopped heartbeating — which is when ownership can have moved. A failed read keeps the last view.
/// </summary>
public sealed class RingView : IAsyncDisposable
{
    private static readonly TimeSpan WatchRetryDelay = TimeSpan.FromSeconds(5);

    private readonly RingStore _ring;
    private readonly TimeSpan _pollPeriod;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _readGate = new(1, 1);
    private readonly Channel<bool> _readRequests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly List<Task> _tasks = [];
    private RingSnapshot _current = new([]);
    private string _fingerprint = string.Empty;
    private Tuple<RingSnapshot, RingSnapshot>? _asActive;

    public RingView(RingStore ring, TimeSpan pollPeriod, TimeSpan heartbeatTimeout, TimeProvider time, ILogger logger)
    {
        _ring = ring;
        _pollPeriod = pollPeriod > TimeSpan.Zero ? pollPeriod : TimeSpan.FromSeconds(5);
        HeartbeatTimeout = heartbeatTimeout;
        _time = time;
        _logger = logger;
    }

    /// <summary>The ring as last read.</summary>
    public RingSnapshot Current => Volatile.Read(ref _current);

    /// <summary>How old a heartbeat may be for its member to stay healthy (ring <c>heartbeat_timeout</c>).</summary>
    public TimeSpan HeartbeatTimeout { get; }

    /// <summary>Raised (on a background thread) when ownership may have moved.</summary>
    public event Action? Changed;

    /// <summary>The member owning <paramref name="key"/> now, or null when no member is healthy.</summary>
    public RingMember? Owner(string key) => Current.Owner(key, _time.GetUtcNow(), HeartbeatTimeout);

    /// <summary>
    /// The owner as <paramref name="selfId"/> should act on it. A view in which this ACTIVE agent itself looks dead cannot
    /// be trusted — the KV store is unreachable, so every heartbeat in it ages at once — and ownership then follows the
    /// last known layout, heartbeats ignored: no config stops scraping for lack of news, at the price of a config that
    /// a peer took over meanwhile being scraped twice until the store is back.
    /// </summary>
    public RingMember? Owner(string key, string selfId)
    {
        var now = _time.GetUtcNow();
        var snapshot = Current;
        var self = snapshot.Members.FirstOrDefault(m => m.Id == selfId);
        if (self is { State: MemberState.Joining })
        {
            // A joining agent starts the configs it is about to own before it turns ACTIVE for its peers.
            snapshot = AsActive(snapshot, self);
            self = self with { State = MemberState.Active };
        }

        var blind = self is { State: MemberState.Active } && !self.IsHealthy(now, HeartbeatTimeout);
        return snapshot.Owner(key, now, blind ? TimeSpan.MaxValue : HeartbeatTimeout);
    }

    // One derived snapshot per ring read: ownership is asked once per config per reconcile.
    private RingSnapshot AsActive(RingSnapshot snapshot, RingMember self)
    {
        var cached = Volatile.Read(ref _asActive);
        if (cached is not null && ReferenceEquals(cached.Item1, snapshot))
        {
            return cached.Item2;
        }

        var derived = new RingSnapshot([.. snapshot.Members.Select(m => m.Id == self.Id ? m with { State = MemberState.Active } : m)]);
        Volatile.Write(ref _asActive, Tuple.Create(snapshot, derived));
        return derived;
    }

    /// <summary>Reads the ring once (failing if that read fails), then keeps the view current in the background.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ReadAsync(cancellationToken).ConfigureAwait(false);
        _tasks.Add(Task.Run(() => ReadLoopAsync(_stop.Token)));
        _tasks.Add(Task.Run(() => PollLoopAsync(_stop.Token)));
        _tasks.Add(Task.Run(() => WatchLoopAsync(_stop.Token)));
    }

    /// <summary>Re-reads the ring now; raises <see cref="Changed"/> when ownership may have moved.</summary>
    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        await _readGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        bool changed;
        try
        {
            var snapshot = await _ring.ReadAsync(cancellationToken).ConfigureAwait(false);
            var fingerprint = Fingerprint(snapshot, _time.GetUtcNow(), HeartbeatTimeout);
            Volatile.Write(ref _current, snapshot);
            changed = fingerprint != _fingerprint;
            _fingerprint = fingerprint;
        }
        finally
        {
            _readGate.Release();
        }

        if (changed)
        {
            _logger.LogDebug("ring changed: {members} members", Current.Members.Count);
            Changed?.Invoke();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_tasks).ConfigureAwait(false);
        _stop.Dispose();
        _readGate.Dispose();
    }

    /// <summary>The healthy members with their tokens: equal fingerprints mean equal ownership.</summary>
    private static string Fingerprint(RingSnapshot snapshot, DateTimeOffset now, TimeSpan heartbeatTimeout)
    {
        var text = new StringBuilder();
        foreach (var member in snapshot.Members.Where(m => m.IsHealthy(now, heartbeatTimeout)).OrderBy(m => m.Id, StringComparer.Ordinal))
        {
            text.Append(member.Id).Append('=');
            foreach (var token in member.Tokens)
            {
                text.Append(token.ToString(CultureInfo.InvariantCulture)).Append(',');
            }

            text.Append(';');
        }

        return text.ToString();
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in _readRequests.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    _logger.LogWarning("cannot read the ring, keeping the last view: {err}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task PollLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_pollPeriod, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                _readRequests.Writer.TryWrite(true);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task WatchLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var events = _ring.Kv.WatchAsync(string.Empty, cancellationToken).GetAsyncEnumerator(cancellationToken);
                await using (events.ConfigureAwait(false))
                {
                    // The first MoveNext subscribes; a read after it covers whatever changed before.
                    var next = events.MoveNextAsync();
                    _readRequests.Writer.TryWrite(true);
                    while (await next.ConfigureAwait(false))
                    {
                        _readRequests.Writer.TryWrite(true);
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
                _logger.LogWarning("ring watch failed, polling every {period} meanwhile: {err}", _pollPeriod, e.Message);
            }

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
