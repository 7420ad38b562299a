using Vigil.Wal;
using Vigil.Wal.Records;

namespace Vigil.Metrics.Tests.Storage;

/// <summary>Everything in a WAL directory (last checkpoint, then segments), decoded, as the replay sees it.</summary>
internal sealed class WalContents
{
    public List<RefSeries> Series { get; } = [];

    public List<RefSample> Samples { get; } = [];

    public List<RefExemplar> Exemplars { get; } = [];

    public List<RefHistogramSample> Histograms { get; } = [];

    public List<RefFloatHistogramSample> FloatHistograms { get; } = [];

    public static WalContents Read(string walDir)
    {
        var c = new WalContents();
        var start = 0;
        if (WalDirectory.LastCheckpoint(walDir) is { } cp)
        {
            c.Load(SegmentBufReader.ForDirectory(cp.Path));
            start = cp.Index + 1;
        }

        c.Load(SegmentBufReader.ForDirectory(walDir, first: start));
        return c;
    }

    private void Load(SegmentBufReader source)
    {
        using var reader = new WalReader(source);
        while (reader.Next())
        {
            var r = reader.Record;
            switch (RecordDecoder.Type(r))
            {
                case RecordType.Series:
                    RecordDecoder.Series(r, Series);
                    break;
                case RecordType.Samples:
                    RecordDecoder.Samples(r, Samples);
                    break;
                case RecordType.Exemplars:
                    RecordDecoder.Exemplars(r, Exemplars);
                    break;
                case RecordType.HistogramSamples:
                    RecordDecoder.HistogramSamples(r, Histograms);
                    break;
                case RecordType.FloatHistogramSamples:
                    RecordDecoder.FloatHistogramSamples(r, FloatHistograms);
                    break;
            }
        }

        Assert.Null(reader.Error);
    }
}
