using System.Text.Unicode;

namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>
/// Span-based decoder for prompb <c>WriteRequest</c> into a reusable <see cref="DecodedWriteRequest"/>. Malformed input
/// (bad varints, lengths past the end, wrong wire types for known fields, groups, invalid UTF-8 in strings) yields
/// false and a message, never an exception. Unknown fields are skipped, as protobuf requires. Repeated scalars are
/// accepted packed and unpacked.
/// </summary>
internal static class PrompbDecoder
{
    public static bool TryDecode(ReadOnlySpan<byte> body, DecodedWriteRequest destination, out string? error)
    {
        destination.Clear();
        var reader = new ProtoReader(body, 0);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wire, out error))
            {
                return false;
            }

            switch (field)
            {
                case 1:
                    if (!ReadMessage(ref reader, wire, "WriteRequest.timeseries", out var series, out error) ||
                        !DecodeSeries(series, destination, out error))
                    {
                        return false;
                    }

                    break;
                case 3:
                    if (!ReadMessage(ref reader, wire, "WriteRequest.metadata", out var metadata, out error) ||
                        !DecodeMetadata(metadata, destination, out error))
                    {
                        return false;
                    }

                    break;
                default:
                    if (!reader.TrySkip(wire, out error))
                    {
                        return false;
                    }

                    break;
            }
        }

        error = null;
        return true;
    }

    private static bool ReadMessage(ref ProtoReader reader, int wire, string field, out ProtoReader message, out string? error)
    {
        message = default;
        if (!ProtoReader.Expect(wire, ProtoReader.WireLengthDelimited, field, out error) ||
            !reader.TryReadLengthDelimited(out var range, out error))
        {
            return false;
        }

        message = reader.Sub(range);
        return true;
    }

    private static bool ReadString(ref ProtoReader reader, int wire, string field, out ByteRange range, out string? error)
    {
        range = default;
        if (!ProtoReader.Expect(wire, ProtoReader.WireLengthDelimited, field, out error) ||
            !reader.TryReadLengthDelimited(out range, out error))
        {
            return false;
        }

        if (!Utf8.IsValid(reader.Bytes(range)))
        {
            error = $"{field}: invalid UTF-8 at offset {range.Offset}";
            return false;
        }

        return true;
    }

    private static bool ReadVarint(ref ProtoReader reader, int wire, string field, out ulong value, out string? error)
    {
        value = 0;
        return ProtoReader.Expect(wire, ProtoReader.WireVarint, field, out error) && reader.TryReadVarint(out value, out error);
    }

    private static bool ReadDouble(ref ProtoReader reader, int wire, string field, out double value, out string? error)
    {
        value = 0;
        return ProtoReader.Expect(wire, ProtoReader.WireFixed64, field, out error) && reader.TryReadDouble(out value, out error);
    }

    private static bool DecodeSeries(ProtoReader reader, DecodedWriteRequest d, out string? error)
    {
        var series = new DecodedTimeSeries(
            d.Labels.Count, 0, d.Samples.Count, 0, d.Exemplars.Count, 0, d.Histograms.Count, 0);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wire, out error))
            {
                return false;
            }

            switch (field)
            {
                case 1:
                    if (!ReadMessage(ref reader, wire, "TimeSeries.labels", out var label, out error) ||
                        !DecodeLabel(label, d.Labels, out error))
                    {
                        return false;
                    }

                    break;
                case 2:
                    if (!ReadMessage(ref reader, wire, "TimeSeries.samples", out var sample, out error) ||
                        !DecodeSample(sample, d, out error))
                    {
                        return false;
                    }

                    break;
                case 3:
                    if (!ReadMessage(ref reader, wire, "TimeSeries.exemplars", out var exemplar, out error) ||
                        !DecodeExemplar(exemplar, d, out error))
                    {
                        return false;
                    }

                    break;
                case 4:
                    if (!ReadMessage(ref reader, wire, "TimeSeries.histograms", out var histogram, out error) ||
                        !DecodeHistogram(histogram, d, out error))
                    {
                        return false;
                    }

                    break;
                default:
                    if (!reader.TrySkip(wire, out error))
                    {
                        return false;
                    }

                    break;
            }
        }

        series.LabelCount = d.Labels.Count - series.LabelStart;
        series.SampleCount = d.Samples.Count - series.SampleStart;
        series.ExemplarCount = d.Exemplars.Count - series.ExemplarStart;
        series.HistogramCount = d.Histograms.Count - series.HistogramStart;
        d.Series.Add(series);
        error = null;
        return true;
    }

    private static bool DecodeLabel(ProtoReader reader, GrowableArray<LabelRef> labels, out string? error)
    {
        ByteRange name = new(reader.AbsolutePosition, 0), value = new(reader.AbsolutePosition, 0);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wire, out error))
            {
                return false;
            }

            var ok = field switch
            {
                1 => ReadString(ref reader, wire, "Label.name", out name, out error),
                2 => ReadString(ref reader, wire, "Label.value", out value, out error),
                _ => reader.TrySkip(wire, out error),
            };
            if (!ok)
            {
                return false;
            }
        }

        labels.Add(new LabelRef(name, value));
        error = null;
        return true;
    }

    private static bool DecodeSample(ProtoReader reader, DecodedWriteRequest d, out string? error)
    {
        double value = 0;
        ulong timestamp = 0;
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wire, out error))
            {
                return false;
            }

            var ok = field switch
            {
                1 => ReadDouble(ref reader, wire, "Sample.value", out value, out error),
                2 => ReadVarint(ref reader, wire, "Sample.timestamp", out timestamp, out error),
                _ => reader.TrySkip(wire, out error),
            };
            if (!ok)
            {
                return false;
            }
        }

        d.Samples.Add(new Sample((long)timestamp, value));
        error = null;
        return true;
    }

    private static bool DecodeExemplar(ProtoReader reader, DecodedWriteRequest d, out string? error)
    {
        var start = d.ExemplarLabels.Count;
        double value = 0;
        ulong timestamp = 0;
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wire, out error))
            {
                return false;
            }

            bool ok;
            switch (field)
            {
                case 1:
                    ok = ReadMessage(ref reader, wire, "Exemplar.labels", out var label, out error) &&
                        DecodeLabel(label, d.ExemplarLabels, out error);
                    break;
                case 2:
                    ok = ReadDouble(ref reader, wire, "Exemplar.value", out value, out error);
                    break;
                case 3:
                    ok = ReadVarint(ref reader, wire, "Exemplar.timestamp", out timestamp, out error);
                    break;
                default:
                    ok = reader.TrySkip(wire, out error);
                    break;
            }

            if (!ok)
            {
                return false;
            }
        }

        d.Exemplars.Add(new DecodedExemplar(start, d.ExemplarLabels.Count - start, value, (long)timestamp));
        error = null;
        return true;
    }

    private static bool DecodeHistogram(ProtoReader reader, DecodedWriteRequest d, out string? error)
    {
        var h = new DecodedHistogram
        {
            NegativeSpanStart = d.NegativeSpans.Count,
            NegativeDeltaStart = d.NegativeDeltas.Count,
            NegativeCountStart = d.NegativeCounts.Count,
            PositiveSpanStart = d.PositiveSpans.Count,
            PositiveDeltaStart = d.PositiveDeltas.Count,
            PositiveCountStart = d.PositiveCounts.Count,
        };
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wire, out error))
            {
                return false;
            }

            ulong u;
            bool ok;
            switch (field)
            {
                case 1:
                    ok = ReadVarint(ref reader, wire, "Histogram.count_int", out h.CountInt, out error);
                    h.CountCase = OneofCase.Int;
                    break;
                case 2:
                    ok = ReadDouble(ref reader, wire, "Histogram.count_float", out h.CountFloat, out error);
                    h.CountCase = OneofCase.Float;
                    break;
                case 3:
                    ok = ReadDouble(ref reader, wire, "Histogram.sum", out h.Sum, out error);
                    break;
                case 4:
                    ok = ReadVarint(ref reader, wire, "Histogram.schema", out u, out error);
                    h.Schema = (int)ProtoSize.ZigZagDecode(u);
                    break;
                case 5:
                    ok = ReadDouble(ref reader, wire, "Histogram.zero_threshold", out h.ZeroThreshold, out error);
                    break;
                case 6:
                    ok = ReadVarint(ref reader, wire, "Histogram.zero_count_int", out h.ZeroCountInt, out error);
                    h.ZeroCountCase = OneofCase.Int;
                    break;
                case 7:
                    ok = ReadDouble(ref reader, wire, "Histogram.zero_count_float", out h.ZeroCountFloat, out error);
                    h.ZeroCountCase = OneofCase.Float;
                    break;
                case 8:
                    ok = ReadMessage(ref reader, wire, "Histogram.negative_spans", out var negativeSpan, out error) &&
                        DecodeSpan(negativeSpan, d.NegativeSpans, out error);
                    break;
                case 9:
                    ok = DecodeDeltas(ref reader, wire, "Histogram.negative_deltas", d.NegativeDeltas, out error);
                    break;
                case 10:
                    ok = DecodeCounts(ref reader, wire, "Histogram.negative_counts", d.NegativeCounts, out error);
                    break;
                case 11:
                    ok = ReadMessage(ref reader, wire, "Histogram.positive_spans", out var positiveSpan, out error) &&
                        DecodeSpan(positiveSpan, d.PositiveSpans, out error);
                    break;
                case 12:
                    ok = DecodeDeltas(ref reader, wire, "Histogram.positive_deltas", d.PositiveDeltas, out error);
                    break;
                case 13:
                    ok = DecodeCounts(ref reader, wire, "Histogram.positive_counts", d.PositiveCounts, out error);
                    break;
                case 14:
                    ok = ReadVarint(ref reader, wire, "Histogram.reset_hint", out u, out error);
                    h.ResetHint = (HistogramResetHint)(int)u;
                    break;
                case 15:
                    ok = ReadVarint(ref reader, wire, "Histogram.timestamp", out u, out error);
                    h.Timestamp = (long)u;
                    break;
                default:
                    ok = reader.TrySkip(wire, out error);
                    break;
            }

            if (!ok)
            {
                return false;
            }
        }

        h.NegativeSpanCount = d.NegativeSpans.Count - h.NegativeSpanStart;
        h.NegativeDeltaCount = d.NegativeDeltas.Count - h.NegativeDeltaStart;
        h.NegativeCountCount = d.NegativeCounts.Count - h.NegativeCountStart;
        h.PositiveSpanCount = d.PositiveSpans.Count - h.PositiveSpanStart;
        h.PositiveDeltaCount = d.PositiveDeltas.Count - h.PositiveDeltaStart;
        h.PositiveCountCount = d.PositiveCounts.Count - h.PositiveCountStart;
        d.Histograms.Add(h);
        error = null;
        return true;
    }

    private static bool DecodeSpan(ProtoReader reader, GrowableArray<BucketSpan> spans, out string? error)
    {
        ulong offset = 0, length = 0;
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wire, out error))
            {
                return false;
            }

            var ok = field switch
            {
                1 => ReadVarint(ref reader, wire, "BucketSpan.offset", out offset, out error),
                2 => ReadVarint(ref reader, wire, "BucketSpan.length", out length, out error),
                _ => reader.TrySkip(wire, out error),
            };
            if (!ok)
            {
                return false;
            }
        }

        spans.Add(new BucketSpan((int)ProtoSize.ZigZagDecode(offset), (uint)length));
        error = null;
        return true;
    }

    private static bool DecodeDeltas(ref ProtoReader reader, int wire, string field, GrowableArray<long> deltas, out string? error)
    {
        ulong v;
        if (wire == ProtoReader.WireVarint)
        {
            if (!reader.TryReadVarint(out v, out error))
            {
                return false;
            }

            deltas.Add(ProtoSize.ZigZagDecode(v));
            return true;
        }

        if (!ProtoReader.Expect(wire, ProtoReader.WireLengthDelimited, field, out error) ||
            !reader.TryReadLengthDelimited(out var range, out error))
        {
            return false;
        }

        var packed = reader.Sub(range);
        while (!packed.End)
        {
            if (!packed.TryReadVarint(out v, out error))
            {
                return false;
            }

            deltas.Add(ProtoSize.ZigZagDecode(v));
        }

        return true;
    }

    private static bool DecodeCounts(ref ProtoReader reader, int wire, string field, GrowableArray<double> counts, out string? error)
    {
        double c;
        if (wire == ProtoReader.WireFixed64)
        {
            if (!reader.TryReadDouble(out c, out error))
            {
                return false;
            }

            counts.Add(c);
            return true;
        }

        if (!ProtoReader.Expect(wire, ProtoReader.WireLengthDelimited, field, out error) ||
            !reader.TryReadLengthDelimited(out var range, out error))
        {
            return false;
        }

        if (range.Length % 8 != 0)
        {
            error = $"{field}: packed length {range.Length} is not a multiple of 8";
            return false;
        }

        var packed = reader.Sub(range);
        while (!packed.End)
        {
            if (!packed.TryReadDouble(out c, out error))
            {
                return false;
            }

            counts.Add(c);
        }

        return true;
    }

    private static bool DecodeMetadata(ProtoReader reader, DecodedWriteRequest d, out string? error)
    {
        var md = new DecodedMetadata(MetricType.Unknown, default, default, default);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wire, out error))
            {
                return false;
            }

            bool ok;
            ByteRange r;
            switch (field)
            {
                case 1:
                    ok = ReadVarint(ref reader, wire, "MetricMetadata.type", out var type, out error);
                    md.Type = (MetricType)(int)type;
                    break;
                case 2:
                    ok = ReadString(ref reader, wire, "MetricMetadata.metric_family_name", out r, out error);
                    md.MetricFamilyName = r;
                    break;
                case 4:
                    ok = ReadString(ref reader, wire, "MetricMetadata.help", out r, out error);
                    md.Help = r;
                    break;
                case 5:
                    ok = ReadString(ref reader, wire, "MetricMetadata.unit", out r, out error);
                    md.Unit = r;
                    break;
                default:
                    ok = reader.TrySkip(wire, out error);
                    break;
            }

            if (!ok)
            {
                return false;
            }
        }

        d.Metadata.Add(md);
        error = null;
        return true;
    }
}
