namespace Vigil.Metrics.RemoteWrite.Watcher;

/// <summary>
/// Maps WAL positions to queue sequence numbers. After each record the watcher reports its end position; the tracker
/// notes the queue's <c>LastEnqueuedSequence</c> at that moment. Once <c>AcknowledgedSequence</c> reaches that number,
/// everything up to the position has left the queue and the position may be saved. Positions that enqueued nothing
/// share the sequence of the one before, so the list holds one entry per sequence step.
/// </summary>
internal sealed class SavepointTracker
{
    private readonly Func<long> _lastEnqueued;
    private readonly Func<long> _acknowledged;
    private readonly SavepointStore _store;
    private readonly Queue<(long Sequence, WalPosition Position)> _pending = new();
    private readonly Lock _lock = new();
    private (long Sequence, WalPosition Position)? _tail;
    private WalPosition? _saved;

    public SavepointTracker(Func<long> lastEnqueued, Func<long> acknowledged, SavepointStore store, WalPosition? initial = null)
    {
        _lastEnqueued = lastEnqueued;
        _acknowledged = acknowledged;
        _store = store;
        _saved = initial;
    }

    /// <summary>The last position written to the store.</summary>
    public WalPosition? Saved
    {
        get
        {
            lock (_lock)
            {
                return _saved;
            }
        }
    }

    /// <summary>Records a position already written to the store (the first savepoint of a queue that had none).</summary>
    public void Initialize(WalPosition saved)
    {
        lock (_lock)
        {
            _saved = saved;
        }
    }

    /// <summary>Called by the watcher thread after a record was handed to the queue.</summary>
    public void RecordDone(WalPosition position)
    {
        var sequence = _lastEnqueued();
        lock (_lock)
        {
            if (_tail is { } tail && tail.Sequence != sequence)
            {
                _pending.Enqueue(tail);
            }

            _tail = (sequence, position);
        }
    }

    /// <summary>Writes the furthest acknowledged position, if it moved. Returns it (or the previous one).</summary>
    public WalPosition? Save()
    {
        var acknowledged = _acknowledged();
        WalPosition? best = null;
        lock (_lock)
        {
            while (_pending.TryPeek(out var head) && head.Sequence <= acknowledged)
            {
                best = _pending.Dequeue().Position;
            }

            if (_pending.Count == 0 && _tail is { } tail && tail.Sequence <= acknowledged)
            {
                best = tail.Position;
            }

            if (best is null || (_saved is { } saved && best.Value <= saved))
            {
                return _saved;
            }
        }

        _store.Write(best.Value);
        lock (_lock)
        {
            _saved = best;
            return best;
        }
    }

    /// <summary>Saves every <paramref name="interval"/> until cancelled, then once more.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Save();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the final save below records what the flush acknowledged.
        }

        Save();
    }
}
