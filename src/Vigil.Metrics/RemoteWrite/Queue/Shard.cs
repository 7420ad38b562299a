using System.Threading.Channels;

namespace Vigil.Metrics.RemoteWrite.Queue;

/// <summary>
/// One shard's queue: entries accumulate in a current batch; a full batch moves to a bounded channel that the shard's
/// sender drains in order. Capacity (queue_config.capacity) bounds the entries buffered in the channel; when it is full
/// <see cref="TryEnqueue"/> refuses and the caller backs off. Entries of one series always land in the same shard and
/// leave it in enqueue order.
/// </summary>
internal sealed class Shard
{
    private readonly object _lock = new();
    private readonly Channel<PendingBatch> _full;
    private readonly Stack<PendingBatch> _pool = new();
    private readonly int _batchSize;
    private PendingBatch _current;
    private bool _closed;

    // Sequence of the oldest entry not yet sent (or given up on); long.MaxValue when the shard holds nothing.
    private long _oldestPending = long.MaxValue;

    public Shard(int index, int batchSize, int capacity)
    {
        Index = index;
        _batchSize = Math.Max(1, batchSize);
        _full = Channel.CreateBounded<PendingBatch>(new BoundedChannelOptions(Math.Max(1, capacity / _batchSize))
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _current = new PendingBatch(_batchSize);
    }

    public int Index { get; }

    public ChannelReader<PendingBatch> Batches => _full.Reader;

    public long OldestPendingSequence => Volatile.Read(ref _oldestPending);

    public bool TryEnqueue(in PendingEntry entry)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }

            if (_current.IsFull)
            {
                if (!_full.Writer.TryWrite(_current))
                {
                    return false;
                }

                _current = Rent();
            }

            if (_oldestPending == long.MaxValue)
            {
                Volatile.Write(ref _oldestPending, entry.Sequence);
            }

            _current.Add(entry);
            if (_current.IsFull && _full.Writer.TryWrite(_current))
            {
                _current = Rent();
            }

            return true;
        }
    }

    /// <summary>
    /// Takes the next batch to send when the sender stopped waiting (batch_send_deadline passed, or shutdown): a full batch
    /// queued meanwhile comes first, since it is older than the partial one; null when the shard is empty.
    /// </summary>
    public PendingBatch? TakePartial()
    {
        lock (_lock)
        {
            if (_full.Reader.TryRead(out var queued))
            {
                return queued;
            }

            if (_current.Count == 0)
            {
                return null;
            }

            var batch = _current;
            _current = Rent();
            return batch;
        }
    }

    /// <summary>Called by the sender when a batch has been sent or given up on; moves the oldest-pending mark.</summary>
    public void Complete(PendingBatch batch)
    {
        lock (_lock)
        {
            batch.Reset();
            _pool.Push(batch);
            long next;
            if (_full.Reader.TryPeek(out var queued))
            {
                next = queued.FirstSequence;
            }
            else if (_current.Count > 0)
            {
                next = _current.FirstSequence;
            }
            else
            {
                next = long.MaxValue;
            }

            Volatile.Write(ref _oldestPending, next);
        }
    }

    /// <summary>Refuses new entries and lets the sender drain what is queued, then the partial batch, then stop.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            _full.Writer.TryComplete();
        }
    }

    public int PendingEntries()
    {
        lock (_lock)
        {
            return _current.Count + (_full.Reader.CanCount ? _full.Reader.Count * _batchSize : 0);
        }
    }

    private PendingBatch Rent() => _pool.Count > 0 ? _pool.Pop() : new PendingBatch(_batchSize);
}
