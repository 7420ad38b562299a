namespace Vigil.Metrics.RemoteWrite.Queue;

/// <summary>Up to max_samples_per_send entries sent as one request. Batches are pooled per shard and reused.</summary>
internal sealed class PendingBatch
{
    public PendingBatch(int capacity)
    {
        Entries = new PendingEntry[capacity];
    }

    public PendingEntry[] Entries { get; }

    public int Count { get; private set; }

    public bool IsFull => Count == Entries.Length;

    public long FirstSequence => Entries[0].Sequence;

    public void Add(in PendingEntry entry) => Entries[Count++] = entry;

    /// <summary>Empties the batch and lets go of the label and histogram references it held.</summary>
    public void Reset()
    {
        Array.Clear(Entries, 0, Count);
        Count = 0;
    }
}
