using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using Vigil.Common.Model;
using Vigil.Metrics.Config;
using Vigil.Metrics.RemoteWrite.Client;
using Vigil.Metrics.RemoteWrite.Prompb;
using Vigil.Metrics.RemoteWrite.Queue;

namespace Vigil.Metrics.RemoteWrite;

/// <summary>
/// One remote_write queue (behaviour of prometheus storage/remote/queue_manager.go, v2.42): learns series, turns
/// samples, exemplars and histograms into pending entries, spreads them over shards by series reference (so each series
/// stays in order), and lets each shard send batches of up to max_samples_per_send, or whatever it has after
/// batch_send_deadline. The shard count follows the input and output rates between min_shards and max_shards.
/// <para>
/// For the WAL truncation loop and the savepoint: every enqueued entry gets a sequence number;
/// <see cref="AcknowledgedSequence"/> is the highest number up to which everything was sent (or given up on after a
/// non-recoverable error), and <see cref="LastEnqueuedSequence"/> is read by the watcher right after an Append to map a
/// WAL position to a sequence.
/// </para>
/// </summary>
internal sealed partial class QueueManager : IWriteTo, IAsyncDisposable
{
    private readonly RemoteWriteConfig _config;
    private readonly QueueConfig _queue;
    private readonly Labels _externalLabels;
    private readonly IWriteRelabeler? _relabeler;
    private readonly WriteClient _client;
    private readonly QueueManagerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private readonly Func<ulong, Labels, Labels>? _sharedLabels;
    private readonly object _seriesLock = new();
    private readonly Dictionary<ulong, QueueSeries> _series = [];
    private readonly object _appendLock = new();

    private readonly Counter.Child[] _samplesDropped;
    private readonly Counter.Child[] _exemplarsDropped;
    private readonly Counter.Child[] _histogramsDropped;

    private long _sequence;
    private long _lastEnqueued;
    private long _highestReceivedMs;
    private long _highestAckedMs;
    private volatile bool _stopping;
    private bool _started;

    public QueueManager(
        string name,
        RemoteWriteConfig config,
        Labels externalLabels,
        WriteClient client,
        QueueManagerMetrics metrics,
        IWriteRelabeler? relabeler = null,
        TimeProvider? time = null,
        ILogger? logger = null,
        Func<ulong, Labels, Labels>? sharedLabels = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.WriteRelabelConfigs is { Count: > 0 } && relabeler is null)
        {
            throw new ArgumentException("write_relabel_configs are set but no relabeler was given", nameof(relabeler));
        }

        Name = name;
        _config = config;
        _queue = config.QueueConfig ?? new QueueConfig();
        _externalLabels = externalLabels;
        _client = client;
        _metrics = metrics;
        _relabeler = relabeler;
        _sharedLabels = sharedLabels;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        string[] reasons = [DropReason.DroppedSeries, DropReason.UnintentionallyDroppedSeries, DropReason.TooOld];
        _samplesDropped = reasons.Select(metrics.SamplesDropped).ToArray();
        _exemplarsDropped = reasons.Select(metrics.ExemplarsDropped).ToArray();
        _histogramsDropped = reasons.Select(metrics.HistogramsDropped).ToArray();
        _dataIn = new EwmaRate(EwmaRate.DefaultWeight, ShardUpdateDuration);
        _dataOut = new EwmaRate(EwmaRate.DefaultWeight, ShardUpdateDuration);
        _dataDropped = new EwmaRate(EwmaRate.DefaultWeight, ShardUpdateDuration);
        _dataOutDuration = new EwmaRate(EwmaRate.DefaultWeight, ShardUpdateDuration);
    }

    public string Name { get; }

    /// <summary>Highest sequence such that every entry up to it has left the queue (sent, or failed for good).</summary>
    public long AcknowledgedSequence
    {
        get
        {
            var last = Volatile.Read(ref _lastEnqueued);
            var oldest = long.MaxValue;
            foreach (var shard in Volatile.Read(ref _shards))
            {
                oldest = Math.Min(oldest, shard.OldestPendingSequence);
            }

            return oldest == long.MaxValue ? last : Math.Min(last, oldest - 1);
        }
    }

    /// <summary>The sequence of the last entry enqueued; the watcher reads it right after an Append returns.</summary>
    public long LastEnqueuedSequence => Volatile.Read(ref _lastEnqueued);

    /// <summary>Highest sample timestamp (ms) in a batch the endpoint accepted.</summary>
    public long HighestAcknowledgedTimestamp => Interlocked.Read(ref _highestAckedMs);

    /// <summary>Highest sample timestamp (ms) handed to this queue.</summary>
    public long HighestReceivedTimestamp => Interlocked.Read(ref _highestReceivedMs);

    public int CurrentShards => Volatile.Read(ref _shards).Length;

    public void Start()
    {
        if (_started)
        {
            throw new InvalidOperationException("queue already started");
        }

        _started = true;
        _metrics.ShardsMin.Set(_queue.MinShards);
        _metrics.ShardsMax.Set(_queue.MaxShards);
        _metrics.ShardCapacity.Set(_queue.Capacity);
        _metrics.MaxSamplesPerSend.Set(_queue.MaxSamplesPerSend);
        _metrics.ShardsDesired.Set(Math.Max(1, _queue.MinShards));
        StartShards(Math.Max(1, _queue.MinShards));
        _updateShardsLoop = Task.Run(() => UpdateShardsLoopAsync(_quit.Token));
    }

    /// <summary>
    /// Learns series from a WAL series record. Without write_relabel_configs the queue keeps the storage's own label set
    /// (found through the shared-labels lookup by ref) and adds the external labels while encoding, so a series costs the
    /// queue one map entry rather than a copy of its labels; with relabeling it keeps the relabeled set.
    /// </summary>
    public void StoreSeries(ReadOnlySpan<RefSeries> series, int segment)
    {
        foreach (var s in series)
        {
            Labels? labels;
            int size;
            if (_relabeler is not null)
            {
                var keep = _relabeler.TryRelabel(WithExternalLabels(s.Labels), out var relabeled);
                labels = keep && relabeled.Count > 0 ? relabeled : null;
                size = labels is null ? 0 : PrompbEncoder.LabelsSize(labels.AsSpan());
            }
            else
            {
                labels = _sharedLabels?.Invoke(s.Ref, s.Labels) ?? s.Labels;
                size = PrompbEncoder.LabelsSize(labels.AsSpan(), _externalLabels.AsSpan());
                if (labels.Count == 0 && _externalLabels.Count == 0)
                {
                    labels = null;
                }
            }

            lock (_seriesLock)
            {
                _series[s.Ref] = new QueueSeries { Labels = labels, LabelsSize = size, Segment = segment };
            }
        }
    }

    public void UpdateSeriesSegment(ReadOnlySpan<RefSeries> series, int segment)
    {
        lock (_seriesLock)
        {
            foreach (var s in series)
            {
                ref var known = ref CollectionsMarshal.GetValueRefOrNullRef(_series, s.Ref);
                if (!Unsafe.IsNullRef(ref known))
                {
                    known.Segment = segment;
                }
            }
        }
    }

    public void SeriesReset(int segment)
    {
        lock (_seriesLock)
        {
            foreach (var (reference, known) in _series)
            {
                if (known.Segment < segment)
                {
                    // Removing while enumerating is allowed for Dictionary since .NET Core 3.0.
                    _series.Remove(reference);
                }
            }
        }
    }

    public bool Append(ReadOnlySpan<RefSample> samples)
    {
        lock (_appendLock)
        {
            foreach (var s in samples)
            {
                if (!Lookup(s.Ref, _samplesDropped, out var known))
                {
                    continue;
                }

                var entry = new PendingEntry { Kind = PendingKind.Sample, Labels = known.Labels!, LabelsSize = known.LabelsSize, Timestamp = s.T, Value = s.V };
                _metrics.SamplesPending.Inc();
                if (!Enqueue(s.Ref, ref entry))
                {
                    _metrics.SamplesPending.Dec();
                    return false;
                }

                Received(s.T);
            }

            return true;
        }
    }

    public bool AppendExemplars(ReadOnlySpan<RefExemplar> exemplars)
    {
        if (!_config.SendExemplars)
        {
            return true;
        }

        lock (_appendLock)
        {
            foreach (var e in exemplars)
            {
                if (!Lookup(e.Ref, _exemplarsDropped, out var known))
                {
                    continue;
                }

                var entry = new PendingEntry
                {
                    Kind = PendingKind.Exemplar,
                    Labels = known.Labels!,
                    LabelsSize = known.LabelsSize,
                    Timestamp = e.T,
                    Value = e.V,
                    ExemplarLabels = e.Labels.ToArray(),
                };
                _metrics.ExemplarsPending.Inc();
                if (!Enqueue(e.Ref, ref entry))
                {
                    _metrics.ExemplarsPending.Dec();
                    return false;
                }

                Received(e.T);
            }

            return true;
        }
    }

    public bool AppendHistograms(ReadOnlySpan<RefHistogramSample> histograms)
    {
        if (!_config.SendNativeHistograms)
        {
            return true;
        }

        lock (_appendLock)
        {
            foreach (var h in histograms)
            {
                if (!Lookup(h.Ref, _histogramsDropped, out var known))
                {
                    continue;
                }

                var entry = new PendingEntry { Kind = PendingKind.Histogram, Labels = known.Labels!, LabelsSize = known.LabelsSize, Timestamp = h.T, Histogram = h.H };
                _metrics.HistogramsPending.Inc();
                if (!Enqueue(h.Ref, ref entry))
                {
                    _metrics.HistogramsPending.Dec();
                    return false;
                }

                Received(h.T);
            }

            return true;
        }
    }

    /// <summary>
    /// Stops accepting data and flushes what is queued for at most <paramref name="flushDeadline"/> (remote_flush_deadline,
    /// 1 m by default); then in-flight sends are cancelled. Entries not sent stay unacknowledged.
    /// </summary>
    public async Task StopAsync(TimeSpan flushDeadline)
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        await _quit.CancelAsync().ConfigureAwait(false);
        if (_updateShardsLoop is not null)
        {
            await _updateShardsLoop.ConfigureAwait(false);
        }

        await _reshardGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopShardsAsync(flushDeadline, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _reshardGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        _quit.Dispose();
        _reshardGate.Dispose();
        _hardStop.Dispose();
    }

    private Labels WithExternalLabels(Labels labels)
    {
        if (_externalLabels.Count == 0)
        {
            return labels;
        }

        // Series labels win over external labels of the same name, as in Prometheus.
        var builder = new LabelsBuilder(labels);
        foreach (var external in _externalLabels)
        {
            if (!labels.Has(external.Name))
            {
                builder.Set(external.Name, external.Value);
            }
        }

        return builder.Build();
    }

    private bool Lookup(ulong reference, Counter.Child[] dropped, out QueueSeries known)
    {
        bool explicitlyDropped;
        lock (_seriesLock)
        {
            explicitlyDropped = _series.TryGetValue(reference, out known);
            if (known.Labels is not null)
            {
                return true;
            }
        }

        dropped[explicitlyDropped ? 0 : 1].Inc();
        _dataDropped.Incr(1);
        if (!explicitlyDropped)
        {
            _logger.LogInformation("Dropped sample for series that was not explicitly dropped via relabelling, ref={Ref}", reference);
        }

        return false;
    }

    private void Received(long timestamp)
    {
        _dataIn.Incr(1);
        if (timestamp > _highestReceivedMs)
        {
            Interlocked.Exchange(ref _highestReceivedMs, timestamp);
            _metrics.HighestTimestampIn.IncTo(timestamp / 1000.0);
        }
    }

    /// <summary>
    /// Puts an entry into its series' shard, backing off while the shard is full or being replaced. Starts at 5 ms, not
    /// min_backoff: a full queue is not an error and the entry should move as soon as there is room.
    /// </summary>
    private bool Enqueue(ulong reference, ref PendingEntry entry)
    {
        entry.Sequence = _sequence + 1;
        var backoff = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            if (_stopping)
            {
                return false;
            }

            var shards = Volatile.Read(ref _shards);
            if (shards.Length > 0 && shards[(int)(reference % (ulong)shards.Length)].TryEnqueue(entry))
            {
                _sequence = entry.Sequence;
                Volatile.Write(ref _lastEnqueued, entry.Sequence);
                return true;
            }

            _metrics.EnqueueRetries.Inc();
            Thread.Sleep(backoff);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, Math.Max(_queue.MaxBackoff.Value.Ticks, backoff.Ticks)));
        }
    }
}
