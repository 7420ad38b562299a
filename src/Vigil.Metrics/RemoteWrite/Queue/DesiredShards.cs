namespace Vigil.Metrics.RemoteWrite.Queue;

/// <summary>
/// The shard-count computation of Prometheus' <c>QueueManager.calculateDesiredShards</c> (storage/remote/queue_manager.go,
/// v2.42), as a pure function so it can be tested with tables.
/// </summary>
internal static class DesiredShards
{
    /// <summary>A change smaller than this fraction of the current shard count is not worth a reshard.</summary>
    public const double ShardToleranceFraction = 0.3;

    /// <summary>
    /// Returns the shard count to run and, in <paramref name="desired"/>, the raw estimate (for the _shards_desired gauge).
    /// Rates are per second from <see cref="EwmaRate"/>; <paramref name="outDurationRate"/> is seconds spent sending per second;
    /// timestamps are in seconds.
    /// </summary>
    public static int Calculate(
        double inRate,
        double outRate,
        double droppedRate,
        double outDurationRate,
        double highestSent,
        double highestReceived,
        int currentShards,
        int minShards,
        int maxShards,
        out double desired)
    {
        desired = double.NaN;

        // Nothing was sent this interval, so there is no basis for a change.
        if (outRate <= 0)
        {
            return currentShards;
        }

        var keptRatio = outRate / (droppedRate + outRate);
        var delay = highestReceived - highestSent;
        var pending = delay * inRate * keptRatio;

        // Catch up on 5 % of the backlog per second, on top of keeping up with what comes in. The time one sample takes
        // to send, averaged over this interval's sends, turns samples per second into busy shards.
        var backlogCatchup = 0.05 * pending;
        var timePerSample = outDurationRate / outRate;
        desired = timePerSample * ((inRate * keptRatio) + backlogCatchup);

        var lowerBound = currentShards * (1 - ShardToleranceFraction);
        var upperBound = currentShards * (1 + ShardToleranceFraction);
        var rounded = Math.Ceiling(desired);
        if (lowerBound <= rounded && rounded <= upperBound)
        {
            return currentShards;
        }

        var shards = rounded >= int.MaxValue ? int.MaxValue : (int)rounded;

        // Do not downshard while more than ten seconds behind: fewer shards would only fall further back.
        if (shards < currentShards && delay > 10.0)
        {
            return currentShards;
        }

        return Math.Clamp(shards, minShards, Math.Max(minShards, maxShards));
    }
}
