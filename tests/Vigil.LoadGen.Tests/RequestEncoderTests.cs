namespace Vigil.LoadGen.Tests;

public sealed class RequestEncoderTests
{
    /// <summary>Snappier allocates one 48-byte compressor object per <c>Snappy.Compress</c> call; nothing else may.</summary>
    private const int SnappierBytesPerCall = 48;

    [Fact]
    public void Encode_SteadyState_AllocatesNothingPerSample()
    {
        var series = new SeriesSet("loadgen", 6000, 2000);
        using var encoder = new RequestEncoder(series);
        for (var chunk = 0; chunk < series.ChunkCount; chunk++)
        {
            encoder.Encode(chunk, 1_700_000_000_000, 1);
        }

        var requests = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 2; round < 10; round++)
        {
            for (var chunk = 0; chunk < series.ChunkCount; chunk++)
            {
                encoder.Encode(chunk, 1_700_000_000_000 + round, round);
                requests++;
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= requests * SnappierBytesPerCall, $"{allocated} bytes for {requests} requests of 2000 samples");
    }

    [Fact]
    public void Encode_NextTimestamp_ChangesTheBody()
    {
        var series = new SeriesSet("loadgen", 10, 2000);
        using var encoder = new RequestEncoder(series);

        var first = encoder.Encode(0, 1_700_000_000_000, 1).ToArray();
        var second = encoder.Encode(0, 1_700_000_000_001, 1).ToArray();

        Assert.NotEmpty(first);
        Assert.NotEqual(first, second);
    }
}
