using Microsoft.Extensions.Logging;
using Vigil.Metrics.RemoteWrite.Client;
using Vigil.Metrics.RemoteWrite.Prompb;
using Vigil.Metrics.RemoteWrite.Queue;

namespace Vigil.Metrics.RemoteWrite;

/// <summary>Per-shard sending: batching by count and deadline, encoding, and retries with backoff (Prometheus runShard, sendSamplesWithBackoff).</summary>
internal sealed partial class QueueManager
{
    private async Task RunShardAsync(Shard shard, CancellationToken hardStop)
    {
        using var raw = new PooledBuffer(64 * 1024);
        using var compressed = new PooledBuffer(16 * 1024);
        var reader = shard.Batches;
        var deadline = _queue.BatchSendDeadline.Value > TimeSpan.Zero ? _queue.BatchSendDeadline.Value : TimeSpan.FromSeconds(5);
        try
        {
            while (true)
            {
                if (reader.TryRead(out var full))
                {
                    await SendBatchAsync(shard, full, raw, compressed, hardStop).ConfigureAwait(false);
                    continue;
                }

                bool open;
                using (var timer = new CancellationTokenSource(deadline, _time))
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, hardStop))
                {
                    try
                    {
                        open = await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!hardStop.IsCancellationRequested)
                    {
                        // batch_send_deadline passed without a full batch: send what there is.
                        if (shard.TakePartial() is { } partial)
                        {
                            await SendBatchAsync(shard, partial, raw, compressed, hardStop).ConfigureAwait(false);
                        }

                        continue;
                    }
                }

                if (!open)
                {
                    // Closed and drained: flush the last partial batch, then stop.
                    while (shard.TakePartial() is { } last)
                    {
                        await SendBatchAsync(shard, last, raw, compressed, hardStop).ConfigureAwait(false);
                    }

                    return;
                }
            }
        }
        catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
        {
            // remote_flush_deadline passed: what is left stays unacknowledged, so a savepoint never moves past it.
        }
    }

    private async Task SendBatchAsync(Shard shard, PendingBatch batch, PooledBuffer raw, PooledBuffer compressed, CancellationToken hardStop)
    {
        var counts = await SendRangeAsync(batch, 0, batch.Count, raw, compressed, countTooOld: true, hardStop).ConfigureAwait(false);
        _metrics.SamplesPending.Dec(counts.Samples + counts.TooOldSamples);
        _metrics.ExemplarsPending.Dec(counts.Exemplars + counts.TooOldExemplars);
        _metrics.HistogramsPending.Dec(counts.Histograms + counts.TooOldHistograms);
        shard.Complete(batch);
    }

    /// <summary>
    /// Sends entries [start, end) of a batch. When the receiver refuses the request because some sample in it is out of
    /// order or a duplicate — what re-sending after a crash produces, since delivery is at least once and a receiver
    /// without an out-of-order window refuses the whole request — the range is halved and each half sent on its own,
    /// so the samples it does not have yet still land; a single refused sample is one it already holds.
    /// </summary>
    private async Task<BatchCounts> SendRangeAsync(PendingBatch batch, int start, int end, PooledBuffer raw, PooledBuffer compressed, bool countTooOld, CancellationToken hardStop)
    {
        var counts = Encode(batch, start, end, raw, compressed, countTooOld, out var highest);
        if (counts.Total == 0)
        {
            return counts;
        }

        var begin = _time.GetTimestamp();
        var result = await SendWithBackoffAsync(compressed.WrittenMemory, counts, splittable: end - start > 1, hardStop).ConfigureAwait(false);

        // Kept whether or not the send succeeded: they drive the shard calculation.
        _dataOut.Incr(counts.Total);
        _dataOutDuration.Incr((long)(_time.GetElapsedTime(begin).TotalMilliseconds * 1e6));
        Interlocked.Exchange(ref _lastSendTimestampSeconds, _time.GetUtcNow().ToUnixTimeSeconds());
        switch (result)
        {
            case SendResult.Sent:
                if (highest > Interlocked.Read(ref _highestAckedMs))
                {
                    Interlocked.Exchange(ref _highestAckedMs, highest);
                }

                _metrics.HighestSentTimestamp.IncTo(highest / 1000.0);
                break;
            case SendResult.Split:
                var middle = start + ((end - start) / 2);
                await SendRangeAsync(batch, start, middle, raw, compressed, countTooOld: false, hardStop).ConfigureAwait(false);
                await SendRangeAsync(batch, middle, end, raw, compressed, countTooOld: false, hardStop).ConfigureAwait(false);
                break;
        }

        return counts;
    }

    /// <summary>Builds the WriteRequest (one TimeSeries per entry, as Prometheus does) and compresses it.</summary>
    private BatchCounts Encode(PendingBatch batch, int start, int end, PooledBuffer raw, PooledBuffer compressed, bool countTooOld, out long highest)
    {
        raw.Clear();
        highest = long.MinValue;
        var counts = default(BatchCounts);
        var ageLimit = _queue.SampleAgeLimit.Value;

        // Relabeled series already hold the external labels; shared ones get them merged in while encoding.
        var external = _relabeler is null ? _externalLabels.AsSpan() : default;
        var oldest = ageLimit > TimeSpan.Zero ? _time.GetUtcNow().Add(-ageLimit).ToUnixTimeMilliseconds() : long.MinValue;
        for (var i = start; i < end; i++)
        {
            ref var e = ref batch.Entries[i];
            if (e.Timestamp < oldest)
            {
                // A half re-sent after a split skips them again without counting them twice.
                if (countTooOld)
                {
                    DropTooOld(e.Kind, ref counts);
                }

                continue;
            }

            switch (e.Kind)
            {
                case PendingKind.Sample:
                    var sample = new Sample(e.Timestamp, e.Value);
                    PrompbEncoder.WriteTimeSeries(raw, e.Labels.AsSpan(), external, e.LabelsSize, new ReadOnlySpan<Sample>(in sample), default, default);
                    counts.Samples++;
                    break;
                case PendingKind.Exemplar:
                    var exemplar = new Exemplar(e.ExemplarLabels ?? [], e.Value, e.Timestamp);
                    PrompbEncoder.WriteTimeSeries(raw, e.Labels.AsSpan(), external, e.LabelsSize, default, new ReadOnlySpan<Exemplar>(in exemplar), default);
                    counts.Exemplars++;
                    break;
                case PendingKind.Histogram:
                    var histogram = e.Histogram!;
                    PrompbEncoder.WriteTimeSeries(raw, e.Labels.AsSpan(), external, e.LabelsSize, default, default, new ReadOnlySpan<NativeHistogram>(in histogram));
                    counts.Histograms++;
                    break;
            }

            highest = Math.Max(highest, e.Timestamp);
        }

        SnappyBlock.Compress(raw.WrittenSpan, compressed);
        return counts;
    }

    private void DropTooOld(PendingKind kind, ref BatchCounts counts)
    {
        switch (kind)
        {
            case PendingKind.Sample:
                _samplesDropped[2].Inc();
                counts.TooOldSamples++;
                break;
            case PendingKind.Exemplar:
                _exemplarsDropped[2].Inc();
                counts.TooOldExemplars++;
                break;
            default:
                _histogramsDropped[2].Inc();
                counts.TooOldHistograms++;
                break;
        }

        _dataDropped.Incr(1);
    }

    /// <summary>
    /// Sends until success or a non-recoverable answer. Recoverable failures wait min_backoff, doubling up to
    /// max_backoff, or the server's Retry-After when given. Returns true when the endpoint accepted the batch.
    /// </summary>
    private async Task<SendResult> SendWithBackoffAsync(ReadOnlyMemory<byte> body, BatchCounts counts, bool splittable, CancellationToken hardStop)
    {
        var backoff = _queue.MinBackoff.Value;
        var maxBackoff = _queue.MaxBackoff.Value;
        for (var attempt = 0; ; attempt++)
        {
            _metrics.SamplesTotal.Inc(counts.Samples);
            _metrics.ExemplarsTotal.Inc(counts.Exemplars);
            _metrics.HistogramsTotal.Inc(counts.Histograms);
            var begin = _time.GetTimestamp();
            var outcome = await _client.StoreAsync(body, attempt, hardStop).ConfigureAwait(false);
            _metrics.SentBatchDuration.Observe(_time.GetElapsedTime(begin).TotalSeconds);
            switch (outcome.Kind)
            {
                case WriteOutcomeKind.Success:
                    _metrics.BytesTotal.Inc(body.Length);
                    return SendResult.Sent;
                case WriteOutcomeKind.NonRecoverable when splittable && IsOrderConflict(outcome):
                    _logger.LogInformation("receiver refused a batch of {Count} for out-of-order or duplicate samples; sending it in halves, err={Error}", counts.Total, outcome.Error);
                    return SendResult.Split;
                case WriteOutcomeKind.NonRecoverable:
                    _logger.LogError(
                        "non-recoverable error, count={Count} exemplarCount={Exemplars} err={Error}",
                        counts.Samples,
                        counts.Exemplars,
                        outcome.Error);
                    _metrics.SamplesFailed.Inc(counts.Samples);
                    _metrics.ExemplarsFailed.Inc(counts.Exemplars);
                    _metrics.HistogramsFailed.Inc(counts.Histograms);
                    return SendResult.Failed;
            }

            var sleep = outcome.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero ? retryAfter : backoff;
            _logger.LogWarning("Failed to send batch, retrying, err={Error} backoff={Backoff}", outcome.Error, sleep);
            _metrics.SamplesRetried.Inc(counts.Samples);
            _metrics.ExemplarsRetried.Inc(counts.Exemplars);
            _metrics.HistogramsRetried.Inc(counts.Histograms);
            await Task.Delay(sleep, _time, hardStop).ConfigureAwait(false);
            backoff = sleep * 2 > maxBackoff ? maxBackoff : sleep * 2;
        }
    }

    // Prometheus: "out of order sample", "duplicate sample for timestamp"; Mimir and Cortex: "sample-out-of-order",
    // "out-of-order". Other 400s ("out of bounds", bad labels) are not helped by sending less at a time.
    private static bool IsOrderConflict(WriteOutcome outcome) =>
        outcome.StatusCode == 400 && outcome.Error is { } error &&
        (error.Contains("out of order", StringComparison.OrdinalIgnoreCase) ||
         error.Contains("out-of-order", StringComparison.OrdinalIgnoreCase) ||
         error.Contains("duplicate sample", StringComparison.OrdinalIgnoreCase));

    private record struct BatchCounts(int Samples, int Exemplars, int Histograms, int TooOldSamples, int TooOldExemplars, int TooOldHistograms)
    {
        public readonly int Total => Samples + Exemplars + Histograms;
    }
}
