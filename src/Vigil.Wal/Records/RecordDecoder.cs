using Vigil.Common.Model;

namespace Vigil.Wal.Records;

/// <summary>
/// Decodes records written by <see cref="RecordEncoder"/> or by Prometheus (tsdb/record Decoder). Each method appends
/// to a caller-owned list, so a reused list decodes without allocating. A malformed record throws
/// <see cref="RecordDecodeException"/>.
/// </summary>
public static class RecordDecoder
{
    internal const string UnitField = "UNIT";
    internal const string HelpField = "HELP";

    /// <summary>The type of a record; <see cref="RecordType.Unknown"/> for types this version does not know.</summary>
    public static RecordType Type(ReadOnlySpan<byte> record)
    {
        if (record.IsEmpty)
        {
            return RecordType.Unknown;
        }

        var t = record[0];
        return t is >= (byte)RecordType.Series and <= (byte)RecordType.FloatHistogramSamples ? (RecordType)t : RecordType.Unknown;
    }

    public static void Series(ReadOnlySpan<byte> record, List<RefSeries> into)
    {
        var d = Open(record, RecordType.Series);
        while (d.Remaining > 0)
        {
            var r = d.BE64();
            into.Add(new RefSeries(r, ReadLabels(ref d)));
        }
    }

    public static void Samples(ReadOnlySpan<byte> record, List<RefSample> into)
    {
        var d = Open(record, RecordType.Samples);
        if (d.Remaining == 0)
        {
            return;
        }

        var baseRef = d.BE64();
        var baseTime = (long)d.BE64();
        while (d.Remaining > 0)
        {
            var dref = d.Varint64();
            var dtime = d.Varint64();
            var v = d.BEFloat64();
            into.Add(new RefSample((ulong)((long)baseRef + dref), baseTime + dtime, v));
        }
    }

    public static void Tombstones(ReadOnlySpan<byte> record, List<Stone> into)
    {
        var d = Open(record, RecordType.Tombstones);
        while (d.Remaining > 0)
        {
            var r = d.BE64();
            var mint = d.Varint64();
            var maxt = d.Varint64();
            into.Add(new Stone(r, new Interval(mint, maxt)));
        }
    }

    public static void Exemplars(ReadOnlySpan<byte> record, List<RefExemplar> into)
    {
        var d = Open(record, RecordType.Exemplars);
        if (d.Remaining == 0)
        {
            return;
        }

        var baseRef = d.BE64();
        var baseTime = (long)d.BE64();
        while (d.Remaining > 0)
        {
            var dref = d.Varint64();
            var dtime = d.Varint64();
            var v = d.BEFloat64();
            into.Add(new RefExemplar((ulong)((long)baseRef + dref), baseTime + dtime, v, ReadLabels(ref d)));
        }
    }

    public static void MmapMarkers(ReadOnlySpan<byte> record, List<RefMmapMarker> into)
    {
        var d = Open(record, RecordType.MmapMarkers);
        while (d.Remaining > 0)
        {
            var r = d.BE64();
            into.Add(new RefMmapMarker(r, d.BE64()));
        }
    }

    /// <summary>Unknown metadata fields are skipped, as in Prometheus, so newer writers stay readable.</summary>
    public static void Metadata(ReadOnlySpan<byte> record, List<RefMetadata> into)
    {
        var d = Open(record, RecordType.Metadata);
        while (d.Remaining > 0)
        {
            var r = d.Uvarint64();
            var type = d.Byte();
            var fields = d.UvarintInt();
            string unit = string.Empty, help = string.Empty;
            for (var i = 0; i < fields; i++)
            {
                var name = d.UvarintString();
                var value = d.UvarintString();
                if (name == UnitField)
                {
                    unit = value;
                }
                else if (name == HelpField)
                {
                    help = value;
                }
            }

            into.Add(new RefMetadata(r, type, unit, help));
        }
    }

    public static void HistogramSamples(ReadOnlySpan<byte> record, List<RefHistogramSample> into)
    {
        var d = Open(record, RecordType.HistogramSamples);
        if (d.Remaining == 0)
        {
            return;
        }

        var baseRef = d.BE64();
        var baseTime = (long)d.BE64();
        while (d.Remaining > 0)
        {
            var dref = d.Varint64();
            var dtime = d.Varint64();
            var h = new Histogram
            {
                CounterResetHint = (CounterResetHint)d.Byte(),
                Schema = checked((int)d.Varint64()),
                ZeroThreshold = d.BEFloat64(),
                ZeroCount = d.Uvarint64(),
                Count = d.Uvarint64(),
                Sum = d.BEFloat64(),
                PositiveSpans = ReadSpans(ref d),
                NegativeSpans = ReadSpans(ref d),
                PositiveBuckets = ReadIntBuckets(ref d),
                NegativeBuckets = ReadIntBuckets(ref d),
            };
            into.Add(new RefHistogramSample((ulong)((long)baseRef + dref), baseTime + dtime, h));
        }
    }

    public static void FloatHistogramSamples(ReadOnlySpan<byte> record, List<RefFloatHistogramSample> into)
    {
        var d = Open(record, RecordType.FloatHistogramSamples);
        if (d.Remaining == 0)
        {
            return;
        }

        var baseRef = d.BE64();
        var baseTime = (long)d.BE64();
        while (d.Remaining > 0)
        {
            var dref = d.Varint64();
            var dtime = d.Varint64();
            var h = new FloatHistogram
            {
                CounterResetHint = (CounterResetHint)d.Byte(),
                Schema = checked((int)d.Varint64()),
                ZeroThreshold = d.BEFloat64(),
                ZeroCount = d.BEFloat64(),
                Count = d.BEFloat64(),
                Sum = d.BEFloat64(),
                PositiveSpans = ReadSpans(ref d),
                NegativeSpans = ReadSpans(ref d),
                PositiveBuckets = ReadFloatBuckets(ref d),
                NegativeBuckets = ReadFloatBuckets(ref d),
            };
            into.Add(new RefFloatHistogramSample((ulong)((long)baseRef + dref), baseTime + dtime, h));
        }
    }

    private static RecordSpanReader Open(ReadOnlySpan<byte> record, RecordType expected)
    {
        if (Type(record) != expected)
        {
            throw new RecordDecodeException("invalid record type");
        }

        return new RecordSpanReader(record[1..]);
    }

    private static Labels ReadLabels(ref RecordSpanReader d)
    {
        var n = d.UvarintInt();
        if (n > d.Remaining)
        {
            throw new RecordDecodeException("invalid size");
        }

        var labels = new Label[n];
        for (var i = 0; i < n; i++)
        {
            var name = d.UvarintString();
            labels[i] = new Label(name, d.UvarintString());
        }

        return Labels.FromUnsorted(labels);
    }

    private static List<HistogramSpan> ReadSpans(ref RecordSpanReader d)
    {
        var n = d.UvarintInt();
        if (n > d.Remaining)
        {
            throw new RecordDecodeException("invalid size");
        }

        var spans = new List<HistogramSpan>(n);
        for (var i = 0; i < n; i++)
        {
            var offset = checked((int)d.Varint64());
            spans.Add(new HistogramSpan(offset, checked((uint)d.Uvarint64())));
        }

        return spans;
    }

    private static List<long> ReadIntBuckets(ref RecordSpanReader d)
    {
        var n = d.UvarintInt();
        if (n > d.Remaining)
        {
            throw new RecordDecodeException("invalid size");
        }

        var buckets = new List<long>(n);
        for (var i = 0; i < n; i++)
        {
            buckets.Add(d.Varint64());
        }

        return buckets;
    }

    private static List<double> ReadFloatBuckets(ref RecordSpanReader d)
    {
        var n = d.UvarintInt();
        if (n > d.Remaining)
        {
            throw new RecordDecodeException("invalid size");
        }

        var buckets = new List<double>(n);
        for (var i = 0; i < n; i++)
        {
            buckets.Add(d.BEFloat64());
        }

        return buckets;
    }
}
