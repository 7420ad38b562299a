namespace Vigil.LoadGen.Tests;

public sealed class SeriesSetTests
{
    [Theory]
    [InlineData(100_000, 2000, 50, 2000)]
    [InlineData(1000, 2000, 1, 1000)]
    [InlineData(1001, 500, 3, 1)]
    [InlineData(1, 1, 1, 1)]
    public void Chunk_SeriesSplitIntoRequests_CoversEverySeriesOnce(int series, int perRequest, int chunks, int lastChunkCount)
    {
        var set = new SeriesSet("loadgen", series, perRequest);

        Assert.Equal(chunks, set.ChunkCount);
        var next = 0;
        for (var c = 0; c < set.ChunkCount; c++)
        {
            var (start, count) = set.Chunk(c);
            Assert.Equal(next, start);
            next += count;
        }

        Assert.Equal(series, next);
        Assert.Equal(lastChunkCount, set.Chunk(chunks - 1).Count);
    }

    [Theory]
    [InlineData(0, "loadgen_metric_0")]
    [InlineData(999, "loadgen_metric_0")]
    [InlineData(1000, "loadgen_metric_1")]
    [InlineData(99_999, "loadgen_metric_99")]
    public void MetricName_ThousandSeriesPerName_NamesBySeriesIndex(int series, string expected)
    {
        Assert.Equal(expected, SeriesSet.MetricName("loadgen", series));
    }
}
