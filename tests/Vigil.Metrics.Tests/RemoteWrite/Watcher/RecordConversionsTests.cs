using Vigil.Metrics.RemoteWrite.Prompb;
using Vigil.Metrics.RemoteWrite.Watcher;
using Vigil.Wal.Records;

namespace Vigil.Metrics.Tests.RemoteWrite.Watcher;

public sealed class RecordConversionsTests
{
    [Theory]
    [InlineData(CounterResetHint.Unknown, 0)]
    [InlineData(CounterResetHint.CounterReset, 1)]
    [InlineData(CounterResetHint.NotCounterReset, 2)]
    [InlineData(CounterResetHint.Gauge, 3)]
    public void ToNative_IntegerHistogram_AllFieldsCarried(CounterResetHint hint, int expectedWireValue)
    {
        var h = new Histogram
        {
            CounterResetHint = hint,
            Schema = 3,
            ZeroThreshold = 0.001,
            ZeroCount = 2,
            Count = 9,
            Sum = 12.5,
            PositiveSpans = [new HistogramSpan(-1, 2), new HistogramSpan(3, 1)],
            PositiveBuckets = [1, 2, -1],
            NegativeSpans = [new HistogramSpan(0, 1)],
            NegativeBuckets = [4],
        };

        var n = RecordConversions.ToNative(h, 1234);

        Assert.Equal(OneofCase.Int, n.CountCase);
        Assert.Equal(9UL, n.CountInt);
        Assert.Equal(OneofCase.Int, n.ZeroCountCase);
        Assert.Equal(2UL, n.ZeroCountInt);
        Assert.Equal((3, 0.001, 12.5, 1234L), (n.Schema, n.ZeroThreshold, n.Sum, n.Timestamp));
        Assert.Equal([new BucketSpan(-1, 2), new BucketSpan(3, 1)], n.PositiveSpans);
        Assert.Equal([1L, 2, -1], n.PositiveDeltas);
        Assert.Equal([new BucketSpan(0, 1)], n.NegativeSpans);
        Assert.Equal([4L], n.NegativeDeltas);
        Assert.Empty(n.PositiveCounts);
        Assert.Equal(expectedWireValue, (int)n.ResetHint);
    }

    [Fact]
    public void ToNative_FloatHistogram_UsesFloatMembers()
    {
        var h = new FloatHistogram
        {
            Count = 3.5,
            ZeroCount = 0.5,
            Sum = 1,
            PositiveSpans = [new HistogramSpan(0, 2)],
            PositiveBuckets = [1.5, 1.5],
        };

        var n = RecordConversions.ToNative(h, 7);

        Assert.Equal(OneofCase.Float, n.CountCase);
        Assert.Equal(3.5, n.CountFloat);
        Assert.Equal(OneofCase.Float, n.ZeroCountCase);
        Assert.Equal(0.5, n.ZeroCountFloat);
        Assert.Equal([1.5, 1.5], n.PositiveCounts);
        Assert.Empty(n.PositiveDeltas);
        Assert.Equal(7, n.Timestamp);
    }
}
