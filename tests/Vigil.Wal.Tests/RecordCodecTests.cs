using Vigil.Common.Model;
using Vigil.Wal.Records;

namespace Vigil.Wal.Tests;

public class RecordCodecTests
{
    [Fact]
    public void Series_RoundTrip_KeepsRefsAndLabels()
    {
        RefSeries[] series =
        [
            new(1, Labels.FromStrings("__name__", "up", "job", "node")),
            new(ulong.MaxValue, Labels.FromStrings("a", "ü", "b", new string('x', 300))),
        ];
        var buf = new RecordBuffer();
        RecordEncoder.Series(series, buf);
        var read = new List<RefSeries>();
        RecordDecoder.Series(buf.WrittenSpan, read);
        Assert.Equal(RecordType.Series, RecordDecoder.Type(buf.WrittenSpan));
        Assert.Equal(series, read);
    }

    [Fact]
    public void Series_Encoding_MatchesPrometheusLayout()
    {
        var buf = new RecordBuffer();
        RecordEncoder.Series([new RefSeries(2, Labels.FromStrings("a", "b"))], buf);
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 2, 1, 1, (byte)'a', 1, (byte)'b' }, buf.WrittenSpan.ToArray());
    }

    [Fact]
    public void Samples_Encoding_DeltasToFirstAreZigZag()
    {
        var buf = new RecordBuffer();
        RecordEncoder.Samples([new RefSample(10, 1000, 1.0), new RefSample(9, 999, 2.0)], buf);
        byte[] expected =
        [
            2, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 3, 0xe8,
            0, 0, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0,
            1, 1, 0x40, 0, 0, 0, 0, 0, 0, 0,
        ];
        Assert.Equal(expected, buf.WrittenSpan.ToArray());
    }

    [Fact]
    public void Samples_RoundTrip_KeepsNaNPayloadAndNegativeDeltas()
    {
        var stale = BitConverter.UInt64BitsToDouble(0x7ff0000000000002);
        RefSample[] samples = [new(100, 5000, 1.5), new(3, -7, stale), new(ulong.MaxValue >> 1, long.MaxValue >> 2, double.NegativeInfinity)];
        var buf = new RecordBuffer();
        RecordEncoder.Samples(samples, buf);
        var read = new List<RefSample>();
        RecordDecoder.Samples(buf.WrittenSpan, read);
        Assert.Equal(samples.Select(s => (s.Ref, s.T, BitConverter.DoubleToUInt64Bits(s.V))), read.Select(s => (s.Ref, s.T, BitConverter.DoubleToUInt64Bits(s.V))));
    }

    [Fact]
    public void OtherTypes_RoundTrip()
    {
        var buf = new RecordBuffer();
        Stone[] stones = [new(1, new Interval(-5, 10)), new(2, new Interval(0, long.MaxValue))];
        RecordEncoder.Tombstones(stones, buf);
        var readStones = new List<Stone>();
        RecordDecoder.Tombstones(buf.WrittenSpan, readStones);
        Assert.Equal(stones, readStones);

        buf.Reset();
        RefExemplar[] exemplars = [new(5, 100, 0.5, Labels.FromStrings("trace_id", "abc")), new(4, 90, 1, Labels.Empty)];
        RecordEncoder.Exemplars(exemplars, buf);
        var readExemplars = new List<RefExemplar>();
        RecordDecoder.Exemplars(buf.WrittenSpan, readExemplars);
        Assert.Equal(exemplars, readExemplars);

        buf.Reset();
        RefMmapMarker[] markers = [new(1, 77), new(2, ulong.MaxValue)];
        RecordEncoder.MmapMarkers(markers, buf);
        var readMarkers = new List<RefMmapMarker>();
        RecordDecoder.MmapMarkers(buf.WrittenSpan, readMarkers);
        Assert.Equal(markers, readMarkers);

        buf.Reset();
        RefMetadata[] metadata = [new(1, 1, "seconds", "help text"), new(300, 4, string.Empty, string.Empty)];
        RecordEncoder.Metadata(metadata, buf);
        var readMetadata = new List<RefMetadata>();
        RecordDecoder.Metadata(buf.WrittenSpan, readMetadata);
        Assert.Equal(metadata, readMetadata);
    }

    [Fact]
    public void Histograms_RoundTrip()
    {
        var h = new Histogram
        {
            CounterResetHint = CounterResetHint.NotCounterReset,
            Schema = -2,
            ZeroThreshold = 0.001,
            ZeroCount = 3,
            Count = 20,
            Sum = 12.5,
            PositiveSpans = [new HistogramSpan(0, 2), new HistogramSpan(3, 1)],
            NegativeSpans = [new HistogramSpan(-1, 1)],
            PositiveBuckets = [5, -2, 4],
            NegativeBuckets = [1],
        };
        var buf = new RecordBuffer();
        RecordEncoder.HistogramSamples([new RefHistogramSample(7, 1000, h), new RefHistogramSample(6, 2000, h)], buf);
        var read = new List<RefHistogramSample>();
        RecordDecoder.HistogramSamples(buf.WrittenSpan, read);
        Assert.Equal(2, read.Count);
        Assert.Equal(6ul, read[1].Ref);
        Assert.Equal(2000, read[1].T);
        Assert.Equal(h.Schema, read[0].H.Schema);
        Assert.Equal(h.PositiveSpans, read[0].H.PositiveSpans);
        Assert.Equal(h.NegativeSpans, read[0].H.NegativeSpans);
        Assert.Equal(h.PositiveBuckets, read[0].H.PositiveBuckets);
        Assert.Equal(h.NegativeBuckets, read[0].H.NegativeBuckets);
        Assert.Equal((h.ZeroThreshold, h.ZeroCount, h.Count, h.Sum, h.CounterResetHint), (read[0].H.ZeroThreshold, read[0].H.ZeroCount, read[0].H.Count, read[0].H.Sum, read[0].H.CounterResetHint));

        var fh = new FloatHistogram
        {
            CounterResetHint = CounterResetHint.Gauge,
            Schema = 3,
            ZeroThreshold = 0.5,
            ZeroCount = 1.5,
            Count = 10,
            Sum = -3,
            PositiveSpans = [new HistogramSpan(1, 2)],
            PositiveBuckets = [1.25, 2.5],
        };
        buf.Reset();
        RecordEncoder.FloatHistogramSamples([new RefFloatHistogramSample(1, -5, fh)], buf);
        var readFloat = new List<RefFloatHistogramSample>();
        RecordDecoder.FloatHistogramSamples(buf.WrittenSpan, readFloat);
        Assert.Single(readFloat);
        Assert.Equal(fh.PositiveBuckets, readFloat[0].FH.PositiveBuckets);
        Assert.Equal((fh.ZeroCount, fh.Count, fh.Sum, fh.CounterResetHint), (readFloat[0].FH.ZeroCount, readFloat[0].FH.Count, readFloat[0].FH.Sum, readFloat[0].FH.CounterResetHint));
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 9, 1, 2 })]
    [InlineData(new byte[] { 11 })]
    [InlineData(new byte[] { 200 })]
    public void Type_UnknownTypes_AreUnknown(byte[] record)
    {
        Assert.Equal(RecordType.Unknown, RecordDecoder.Type(record));
    }

    [Theory]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, 1 })]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 1, 5, 1 })]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1 })]
    public void Decode_Truncated_Throws(byte[] record)
    {
        Assert.Throws<RecordDecodeException>(() =>
        {
            if (RecordDecoder.Type(record) == RecordType.Series)
            {
                RecordDecoder.Series(record, []);
            }
            else
            {
                RecordDecoder.Samples(record, []);
            }
        });
    }

    [Fact]
    public void Samples_Empty_IsTypeByteOnly()
    {
        var buf = new RecordBuffer();
        RecordEncoder.Samples([], buf);
        Assert.Equal(new byte[] { 2 }, buf.WrittenSpan.ToArray());
        var read = new List<RefSample>();
        RecordDecoder.Samples(buf.WrittenSpan, read);
        Assert.Empty(read);
    }
}
