using Vigil.Metrics.RemoteWrite.Queue;

namespace Vigil.Metrics.Tests.RemoteWrite.Queue;

public sealed class DesiredShardsTests
{
    // Rows worked out from Prometheus' calculateDesiredShards: desired = timePerSample * (in * kept + 0.05 * delay * in * kept),
    // timePerSample = outDuration / out, no change within ±30 %, no downshard when more than 10 s behind, clamped to [min, max].
    [Theory]
    [InlineData(1000, 0, 0, 1, 100, 100, 5, 1, 50, 5)] // nothing sent: keep the current count
    [InlineData(1000, 1000, 0, 1, 100, 100, 1, 1, 50, 1)] // one busy shard, keeping up
    [InlineData(1000, 1000, 0, 1, 100, 100, 10, 1, 50, 1)] // ten shards for one shard's work: shrink
    [InlineData(1000, 1000, 0, 12, 100, 100, 10, 1, 50, 10)] // 12 wanted, within 30 % of 10: stay
    [InlineData(1000, 1000, 0, 14, 100, 100, 10, 1, 50, 14)] // 14 wanted, beyond 30 %: grow
    [InlineData(1000, 1000, 0, 10, 0, 100, 10, 1, 50, 50)] // 100 s behind: 0.01 * (1000 + 5000) = 60, capped at max
    [InlineData(100, 1000, 0, 1, 0, 20, 10, 1, 50, 10)] // would shrink to 1 but 20 s behind: keep
    [InlineData(1000, 1000, 0, 1, 100, 100, 5, 3, 50, 3)] // below min_shards: clamp up
    [InlineData(2000, 1000, 1000, 5, 100, 100, 1, 1, 50, 5)] // half dropped: 0.005 * 2000 * 0.5 = 5
    public void Calculate_Rates_GiveShardCount(
        double inRate, double outRate, double droppedRate, double outDuration, double highestSent, double highestReceived,
        int current, int min, int max, int expected)
    {
        var shards = DesiredShards.Calculate(inRate, outRate, droppedRate, outDuration, highestSent, highestReceived, current, min, max, out _);

        Assert.Equal(expected, shards);
    }

    [Fact]
    public void Calculate_Busy_ReportsRawDesiredValue()
    {
        DesiredShards.Calculate(1000, 1000, 0, 2.5, 10, 10, 1, 1, 50, out var desired);

        Assert.Equal(2.5, desired, 6);
    }
}
