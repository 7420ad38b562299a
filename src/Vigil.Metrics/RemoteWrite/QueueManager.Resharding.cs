using Microsoft.Extensions.Logging;
using Vigil.Metrics.RemoteWrite.Queue;

namespace Vigil.Metrics.RemoteWrite;

/// <summary>Shard lifecycle and dynamic resharding (Prometheus updateShardsLoop, shouldReshard, reshardLoop).</summary>
internal sealed partial class QueueManager
{
    /// <summary>How often the shard count is reconsidered, as in Prometheus.</summary>
    public static readonly TimeSpan ShardUpdateDuration = TimeSpan.FromSeconds(10);

    private readonly EwmaRate _dataIn;
    private readonly EwmaRate _dataOut;
    private readonly EwmaRate _dataDropped;

    // Nanoseconds spent sending, so that its rate divided by 1e9 is "busy shards".
    private readonly EwmaRate _dataOutDuration;
    private readonly CancellationTokenSource _quit = new();
    private readonly SemaphoreSlim _reshardGate = new(1, 1);
    private Shard[] _shards = [];
    private Task[] _senders = [];
    private CancellationTokenSource _hardStop = new();
    private Task? _updateShardsLoop;
    private long _lastSendTimestampSeconds;

    /// <summary>One resharding decision, exposed for tests: ticks the rates and returns the shard count wanted.</summary>
    internal int CalculateDesiredShards()
    {
        _dataIn.Tick();
        _dataOut.Tick();
        _dataDropped.Tick();
        _dataOutDuration.Tick();
        var shards = DesiredShards.Calculate(
            _dataIn.Rate,
            _dataOut.Rate,
            _dataDropped.Rate,
            _dataOutDuration.Rate / 1e9,
            _metrics.HighestSentTimestamp.Value,
            HighestReceivedTimestamp / 1000.0,
            CurrentShards,
            Math.Max(1, _queue.MinShards),
            _queue.MaxShards,
            out var desired);
        if (!double.IsNaN(desired))
        {
            _metrics.ShardsDesired.Set(desired);
        }

        return shards;
    }

    /// <summary>
    /// No reshard while sends are failing: if nothing was sent within two batch_send_deadlines, more shards would only
    /// add load to an endpoint that is already in trouble.
    /// </summary>
    internal bool ShouldReshard(int desired)
    {
        if (desired == CurrentShards)
        {
            return false;
        }

        var minSendTimestamp = _time.GetUtcNow().Add(-2 * _queue.BatchSendDeadline.Value).ToUnixTimeSeconds();
        var last = Interlocked.Read(ref _lastSendTimestampSeconds);
        if (last < minSendTimestamp)
        {
            _logger.LogWarning(
                "Skipping resharding, last successful send was beyond threshold, last_send={Last} threshold={Threshold}",
                last,
                minSendTimestamp);
            return false;
        }

        return true;
    }

    /// <summary>Replaces the shards: the old ones drain completely (no deadline, nothing is lost), then the new ones start.</summary>
    internal async Task ReshardAsync(int shards)
    {
        await _reshardGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopping)
            {
                return;
            }

            _logger.LogInformation("Remote storage resharding, from={From} to={To}", CurrentShards, shards);
            try
            {
                await StopShardsAsync(Timeout.InfiniteTimeSpan, _quit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_quit.IsCancellationRequested)
            {
                // Stopped while the old shards were still draining (an endpoint that is down): StopAsync takes over
                // and flushes them under remote_flush_deadline.
                return;
            }

            StartShards(shards);
        }
        finally
        {
            _reshardGate.Release();
        }
    }

    private async Task UpdateShardsLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ShardUpdateDuration, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var desired = CalculateDesiredShards();
                if (ShouldReshard(desired))
                {
                    await ReshardAsync(desired).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void StartShards(int count)
    {
        var batchSize = Math.Max(1, _queue.MaxSamplesPerSend);
        var shards = new Shard[count];
        for (var i = 0; i < count; i++)
        {
            shards[i] = new Shard(i, batchSize, Math.Max(batchSize, _queue.Capacity));
        }

        _hardStop = new CancellationTokenSource();
        var hardStop = _hardStop.Token;
        _senders = shards.Select(s => Task.Run(() => RunShardAsync(s, hardStop))).ToArray();
        Volatile.Write(ref _shards, shards);
        _metrics.Shards.Set(count);
    }

    /// <summary>
    /// Closes the shards and waits for them to drain, cancelling in-flight sends once <paramref name="deadline"/> passes.
    /// <paramref name="abort"/> ends the wait without cancelling anything.
    /// </summary>
    private async Task StopShardsAsync(TimeSpan deadline, CancellationToken abort)
    {
        foreach (var shard in Volatile.Read(ref _shards))
        {
            shard.Close();
        }

        var all = Task.WhenAll(_senders);
        try
        {
            await all.WaitAsync(deadline, _time, abort).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogError("Failed to flush all samples on shutdown within remote_flush_deadline, deadline={Deadline}", deadline);
            await _hardStop.CancelAsync().ConfigureAwait(false);
            await all.ConfigureAwait(false);
        }
    }
}
