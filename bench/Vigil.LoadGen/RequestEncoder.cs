using Vigil.Metrics.RemoteWrite.Prompb;

namespace Vigil.LoadGen;

/// <summary>
/// Builds one snappy-compressed <c>WriteRequest</c> body per call into buffers it keeps, so that after the first
/// round nothing is allocated per sample (Snappier's 48-byte compressor object per request is all): the labels are
/// pre-encoded, only the sample (timestamp, value) changes. One per connection; the returned memory is valid until
/// the next call.
/// </summary>
internal sealed class RequestEncoder : IDisposable
{
    private readonly SeriesSet _series;
    private readonly PooledBuffer _raw = new(64 * 1024);
    private readonly PooledBuffer _compressed = new(64 * 1024);

    public RequestEncoder(SeriesSet series)
    {
        _series = series;
    }

    public ReadOnlyMemory<byte> Encode(int chunk, long timestampMs, double value)
    {
        _raw.Clear();
        var (start, count) = _series.Chunk(chunk);
        var sample = new Sample(timestampMs, value);
        ReadOnlySpan<Sample> samples = new(in sample);
        for (var i = start; i < start + count; i++)
        {
            PrompbEncoder.WriteTimeSeries(_raw, _series.EncodedLabels(i), samples, [], []);
        }

        SnappyBlock.Compress(_raw.WrittenSpan, _compressed);
        return _compressed.WrittenMemory;
    }

    public void Dispose()
    {
        _raw.Dispose();
        _compressed.Dispose();
    }
}
