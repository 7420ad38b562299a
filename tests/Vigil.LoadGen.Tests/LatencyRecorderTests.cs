using System.Diagnostics;

namespace Vigil.LoadGen.Tests;

public sealed class LatencyRecorderTests
{
    [Theory]
    [InlineData(0.50, 50)]
    [InlineData(0.90, 90)]
    [InlineData(0.99, 99)]
    [InlineData(1.00, 100)]
    [InlineData(0.001, 1)]
    public void PercentileMs_OneToHundredMs_NearestRank(double quantile, double expectedMs)
    {
        var recorder = new LatencyRecorder();
        for (var ms = 100; ms >= 1; ms--)
        {
            recorder.Record(Stopwatch.Frequency * ms / 1000);
        }

        var sorted = recorder.Ticks.ToArray();
        Array.Sort(sorted);

        Assert.Equal(100, recorder.Count);
        Assert.Equal(expectedMs, LatencyRecorder.PercentileMs(sorted, quantile), 6);
    }

    [Fact]
    public void PercentileMs_NoRequests_Zero()
    {
        Assert.Equal(0, LatencyRecorder.PercentileMs([], 0.99));
    }
}
