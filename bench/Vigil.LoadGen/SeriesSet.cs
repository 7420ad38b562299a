using System.Globalization;
using Vigil.Common.Model;
using Vigil.Metrics.RemoteWrite.Prompb;

namespace Vigil.LoadGen;

/// <summary>
/// The generated series, their labels encoded once as prompb bytes, split into chunks of at most
/// <c>samplesPerRequest</c> series: one chunk is one request body, one sample per series. Series <c>i</c> is
/// <c>{__name__="PREFIX_metric_(i/1000)", instance="loadgen", job="loadgen", series="i"}</c>, so 100 000 series make
/// 100 metric names of 1 000 series each, like a large scrape fleet.
/// </summary>
internal sealed class SeriesSet
{
    public const int SeriesPerMetricName = 1000;

    private readonly byte[][] _encodedLabels;
    private readonly int _chunkSize;

    public SeriesSet(string metricPrefix, int series, int samplesPerRequest)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(series);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samplesPerRequest);
        _encodedLabels = new byte[series][];
        Span<Label> labels = new Label[4];
        for (var i = 0; i < series; i++)
        {
            // Already in name order: __name__ < instance < job < series.
            labels[0] = new Label("__name__", MetricName(metricPrefix, i));
            labels[1] = new Label("instance", "loadgen");
            labels[2] = new Label("job", "loadgen");
            labels[3] = new Label("series", i.ToString(CultureInfo.InvariantCulture));
            _encodedLabels[i] = PrompbEncoder.EncodeLabels(labels);
        }

        _chunkSize = Math.Min(samplesPerRequest, series);
        ChunkCount = (series + _chunkSize - 1) / _chunkSize;
    }

    public int Count => _encodedLabels.Length;

    /// <summary>Requests per round: one round sends one sample for every series.</summary>
    public int ChunkCount { get; }

    public static string MetricName(string metricPrefix, int series) =>
        metricPrefix + "_metric_" + (series / SeriesPerMetricName).ToString(CultureInfo.InvariantCulture);

    public (int Start, int Count) Chunk(int chunk)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunk);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(chunk, ChunkCount);
        var start = chunk * _chunkSize;
        return (start, Math.Min(_chunkSize, Count - start));
    }

    public ReadOnlySpan<byte> EncodedLabels(int series) => _encodedLabels[series];
}
