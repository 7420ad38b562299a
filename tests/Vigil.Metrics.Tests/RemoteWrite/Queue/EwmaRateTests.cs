using Vigil.Metrics.RemoteWrite.Queue;

namespace Vigil.Metrics.Tests.RemoteWrite.Queue;

public sealed class EwmaRateTests
{
    [Fact]
    public void Tick_FirstThenLater_TakesInstantRateThenMovesTwentyPercent()
    {
        var rate = new EwmaRate(0.2, TimeSpan.FromSeconds(10));
        rate.Incr(1000);
        rate.Tick();
        Assert.Equal(100, rate.Rate, 6);

        rate.Incr(2000);
        rate.Tick();
        Assert.Equal(100 + (0.2 * (200 - 100)), rate.Rate, 6);

        rate.Tick();
        Assert.Equal(120 + (0.2 * (0 - 120)), rate.Rate, 6);
    }
}
