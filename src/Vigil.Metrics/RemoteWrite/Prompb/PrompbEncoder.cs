using Vigil.Common.Model;

namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>
/// Hand-written encoder for prompb <c>WriteRequest</c> (Remote-Write 1.0 plus the exemplar, histogram and metadata
/// fields Prometheus sends). Output is byte-identical to protoc/gogo: fields in number order, proto3 defaults omitted,
/// packed repeated scalars. Sizes are computed first so every length prefix is exact; nothing is allocated per sample.
/// A WriteRequest is the concatenation of <see cref="WriteTimeSeries"/> and <see cref="WriteMetadata"/> outputs.
/// </summary>
internal static class PrompbEncoder
{
    // WriteRequest
    private const byte TagTimeSeries = 0x0a; // 1, length-delimited
    private const byte TagMetadata = 0x1a; // 3, length-delimited

    // TimeSeries
    private const byte TagLabel = 0x0a; // 1
    private const byte TagSample = 0x12; // 2
    private const byte TagExemplar = 0x1a; // 3
    private const byte TagHistogram = 0x22; // 4

    /// <summary>
    /// Encodes labels as the repeated <c>labels</c> field of a TimeSeries (tag, length, Label message per label). A queue
    /// encodes a series' labels once when it learns the series and reuses the bytes for every sample.
    /// </summary>
    public static byte[] EncodeLabels(ReadOnlySpan<Label> labels)
    {
        var bytes = new byte[LabelsSize(labels)];
        var writer = new ProtoSpanWriter(bytes);
        WriteLabels(ref writer, labels);
        return bytes;
    }

    public static int LabelsSize(ReadOnlySpan<Label> labels)
    {
        var size = 0;
        foreach (var label in labels)
        {
            size += ProtoSize.Delimited(LabelSize(label));
        }

        return size;
    }

    /// <summary>
    /// The encoded size of <paramref name="series"/> merged with <paramref name="external"/> (both sorted by name; an
    /// external label whose name the series has is left out: the series' own label wins, as in Prometheus).
    /// </summary>
    public static int LabelsSize(ReadOnlySpan<Label> series, ReadOnlySpan<Label> external)
    {
        var size = LabelsSize(series);
        var i = 0;
        foreach (var label in external)
        {
            if (!Contains(series, label.Name, ref i))
            {
                size += ProtoSize.Delimited(LabelSize(label));
            }
        }

        return size;
    }

    /// <summary>Appends one <c>WriteRequest.timeseries</c> entry whose labels are already encoded.</summary>
    public static void WriteTimeSeries(
        PooledBuffer destination,
        ReadOnlySpan<byte> encodedLabels,
        ReadOnlySpan<Sample> samples,
        ReadOnlySpan<Exemplar> exemplars,
        ReadOnlySpan<NativeHistogram> histograms)
    {
        var writer = StartTimeSeries(destination, encodedLabels.Length, samples, exemplars, histograms);
        writer.Raw(encodedLabels);
        FinishTimeSeries(destination, ref writer, samples, exemplars, histograms);
    }

    /// <summary>
    /// Appends one <c>WriteRequest.timeseries</c> entry, encoding <paramref name="series"/> merged with
    /// <paramref name="external"/> on the way; <paramref name="labelsSize"/> is <see cref="LabelsSize(ReadOnlySpan{Label}, ReadOnlySpan{Label})"/>
    /// of the two, computed once per series by the caller.
    /// </summary>
    public static void WriteTimeSeries(
        PooledBuffer destination,
        ReadOnlySpan<Label> series,
        ReadOnlySpan<Label> external,
        int labelsSize,
        ReadOnlySpan<Sample> samples,
        ReadOnlySpan<Exemplar> exemplars,
        ReadOnlySpan<NativeHistogram> histograms)
    {
        var writer = StartTimeSeries(destination, labelsSize, samples, exemplars, histograms);
        var j = 0;
        foreach (var label in series)
        {
            while (j < external.Length && string.CompareOrdinal(external[j].Name, label.Name) < 0)
            {
                WriteLabel(ref writer, external[j++]);
            }

            if (j < external.Length && external[j].Name == label.Name)
            {
                j++;
            }

            WriteLabel(ref writer, label);
        }

        for (; j < external.Length; j++)
        {
            WriteLabel(ref writer, external[j]);
        }

        FinishTimeSeries(destination, ref writer, samples, exemplars, histograms);
    }

    private static ProtoSpanWriter StartTimeSeries(
        PooledBuffer destination,
        int labelsSize,
        ReadOnlySpan<Sample> samples,
        ReadOnlySpan<Exemplar> exemplars,
        ReadOnlySpan<NativeHistogram> histograms)
    {
        var seriesSize = labelsSize;
        foreach (var sample in samples)
        {
            seriesSize += ProtoSize.Delimited(SampleSize(sample));
        }

        foreach (var exemplar in exemplars)
        {
            seriesSize += ProtoSize.Delimited(ExemplarSize(exemplar));
        }

        foreach (var histogram in histograms)
        {
            seriesSize += ProtoSize.Delimited(HistogramSize(histogram));
        }

        var writer = new ProtoSpanWriter(destination.GetSpan(ProtoSize.Delimited(seriesSize)));
        writer.Tag(TagTimeSeries);
        writer.Varint((ulong)seriesSize);
        return writer;
    }

    private static void FinishTimeSeries(
        PooledBuffer destination,
        ref ProtoSpanWriter writer,
        ReadOnlySpan<Sample> samples,
        ReadOnlySpan<Exemplar> exemplars,
        ReadOnlySpan<NativeHistogram> histograms)
    {
        foreach (var sample in samples)
        {
            writer.Tag(TagSample);
            writer.Varint((ulong)SampleSize(sample));
            WriteSample(ref writer, sample);
        }

        foreach (var exemplar in exemplars)
        {
            writer.Tag(TagExemplar);
            writer.Varint((ulong)ExemplarSize(exemplar));
            WriteExemplar(ref writer, exemplar);
        }

        foreach (var histogram in histograms)
        {
            writer.Tag(TagHistogram);
            writer.Varint((ulong)HistogramSize(histogram));
            WriteHistogram(ref writer, histogram);
        }

        destination.Advance(writer.Position);
    }

    // Both spans are sorted by name: the cursor only moves forward over the series labels.
    private static bool Contains(ReadOnlySpan<Label> sorted, string name, ref int cursor)
    {
        while (cursor < sorted.Length)
        {
            var c = string.CompareOrdinal(sorted[cursor].Name, name);
            if (c == 0)
            {
                return true;
            }

            if (c > 0)
            {
                return false;
            }

            cursor++;
        }

        return false;
    }

    /// <summary>Appends one <c>WriteRequest.metadata</c> entry.</summary>
    public static void WriteMetadata(PooledBuffer destination, MetricMetadata metadata)
    {
        var size = (metadata.Type != 0 ? 1 + ProtoSize.Varint((ulong)metadata.Type) : 0) +
            ProtoSize.String(metadata.MetricFamilyName) + ProtoSize.String(metadata.Help) + ProtoSize.String(metadata.Unit);
        var writer = new ProtoSpanWriter(destination.GetSpan(ProtoSize.Delimited(size)));
        writer.Tag(TagMetadata);
        writer.Varint((ulong)size);
        if (metadata.Type != 0)
        {
            writer.Tag(0x08);
            writer.Varint((ulong)metadata.Type);
        }

        writer.String(0x12, metadata.MetricFamilyName);
        writer.String(0x22, metadata.Help);
        writer.String(0x2a, metadata.Unit);
        destination.Advance(writer.Position);
    }

    private static int LabelSize(Label label) => ProtoSize.String(label.Name) + ProtoSize.String(label.Value);

    private static void WriteLabels(ref ProtoSpanWriter writer, ReadOnlySpan<Label> labels)
    {
        foreach (var label in labels)
        {
            WriteLabel(ref writer, label);
        }
    }

    private static void WriteLabel(ref ProtoSpanWriter writer, Label label) => writer.Label(TagLabel, label.Name, label.Value);

    // proto3 omits a double equal to 0 (so -0.0 is not sent either, as with protoc and gogo); NaN is always sent.
    private static int DoubleSize(double value) => value != 0d ? 9 : 0;

    private static int Int64Size(long value) => value != 0 ? 1 + ProtoSize.Int64(value) : 0;

    private static int SampleSize(Sample sample) => DoubleSize(sample.Value) + Int64Size(sample.Timestamp);

    private static void WriteSample(ref ProtoSpanWriter writer, Sample sample)
    {
        WriteDouble(ref writer, 0x09, sample.Value);
        WriteInt64(ref writer, 0x10, sample.Timestamp);
    }

    private static int ExemplarSize(Exemplar exemplar) =>
        LabelsSize(exemplar.Labels) + DoubleSize(exemplar.Value) + Int64Size(exemplar.Timestamp);

    private static void WriteExemplar(ref ProtoSpanWriter writer, Exemplar exemplar)
    {
        WriteLabels(ref writer, exemplar.Labels);
        WriteDouble(ref writer, 0x11, exemplar.Value);
        WriteInt64(ref writer, 0x18, exemplar.Timestamp);
    }

    private static int SpansSize(BucketSpan[] spans)
    {
        var size = 0;
        foreach (var span in spans)
        {
            size += ProtoSize.Delimited(SpanSize(span));
        }

        return size;
    }

    private static int SpanSize(BucketSpan span) =>
        (span.Offset != 0 ? 1 + ProtoSize.ZigZag(span.Offset) : 0) + (span.Length != 0 ? 1 + ProtoSize.Varint(span.Length) : 0);

    private static int DeltasPayload(long[] deltas)
    {
        var size = 0;
        foreach (var d in deltas)
        {
            size += ProtoSize.ZigZag(d);
        }

        return size;
    }

    private static int PackedSize(int payload) => payload == 0 ? 0 : ProtoSize.Delimited(payload);

    private static int HistogramSize(NativeHistogram h)
    {
        var size = h.CountCase switch
        {
            OneofCase.Int => 1 + ProtoSize.Varint(h.CountInt),
            OneofCase.Float => 9,
            _ => 0,
        };
        size += DoubleSize(h.Sum);
        size += h.Schema != 0 ? 1 + ProtoSize.ZigZag(h.Schema) : 0;
        size += DoubleSize(h.ZeroThreshold);
        size += h.ZeroCountCase switch
        {
            OneofCase.Int => 1 + ProtoSize.Varint(h.ZeroCountInt),
            OneofCase.Float => 9,
            _ => 0,
        };
        size += SpansSize(h.NegativeSpans);
        size += PackedSize(DeltasPayload(h.NegativeDeltas));
        size += PackedSize(h.NegativeCounts.Length * 8);
        size += SpansSize(h.PositiveSpans);
        size += PackedSize(DeltasPayload(h.PositiveDeltas));
        size += PackedSize(h.PositiveCounts.Length * 8);
        size += h.ResetHint != 0 ? 1 + ProtoSize.Varint((ulong)h.ResetHint) : 0;
        size += Int64Size(h.Timestamp);
        return size;
    }

    private static void WriteHistogram(ref ProtoSpanWriter writer, NativeHistogram h)
    {
        switch (h.CountCase)
        {
            case OneofCase.Int:
                writer.Tag(0x08);
                writer.Varint(h.CountInt);
                break;
            case OneofCase.Float:
                writer.Tag(0x11);
                writer.Fixed64(h.CountFloat);
                break;
        }

        WriteDouble(ref writer, 0x19, h.Sum);
        if (h.Schema != 0)
        {
            writer.Tag(0x20);
            writer.Varint(ProtoSize.ZigZagEncode(h.Schema));
        }

        WriteDouble(ref writer, 0x29, h.ZeroThreshold);
        switch (h.ZeroCountCase)
        {
            case OneofCase.Int:
                writer.Tag(0x30);
                writer.Varint(h.ZeroCountInt);
                break;
            case OneofCase.Float:
                writer.Tag(0x39);
                writer.Fixed64(h.ZeroCountFloat);
                break;
        }

        WriteSpans(ref writer, 0x42, h.NegativeSpans);
        WriteDeltas(ref writer, 0x4a, h.NegativeDeltas);
        WriteCounts(ref writer, 0x52, h.NegativeCounts);
        WriteSpans(ref writer, 0x5a, h.PositiveSpans);
        WriteDeltas(ref writer, 0x62, h.PositiveDeltas);
        WriteCounts(ref writer, 0x6a, h.PositiveCounts);
        if (h.ResetHint != 0)
        {
            writer.Tag(0x70);
            writer.Varint((ulong)h.ResetHint);
        }

        WriteInt64(ref writer, 0x78, h.Timestamp);
    }

    private static void WriteSpans(ref ProtoSpanWriter writer, byte tag, BucketSpan[] spans)
    {
        foreach (var span in spans)
        {
            writer.Tag(tag);
            writer.Varint((ulong)SpanSize(span));
            if (span.Offset != 0)
            {
                writer.Tag(0x08);
                writer.Varint(ProtoSize.ZigZagEncode(span.Offset));
            }

            if (span.Length != 0)
            {
                writer.Tag(0x10);
                writer.Varint(span.Length);
            }
        }
    }

    private static void WriteDeltas(ref ProtoSpanWriter writer, byte tag, long[] deltas)
    {
        if (deltas.Length == 0)
        {
            return;
        }

        writer.Tag(tag);
        writer.Varint((ulong)DeltasPayload(deltas));
        foreach (var d in deltas)
        {
            writer.Varint(ProtoSize.ZigZagEncode(d));
        }
    }

    private static void WriteCounts(ref ProtoSpanWriter writer, byte tag, double[] counts)
    {
        if (counts.Length == 0)
        {
            return;
        }

        writer.Tag(tag);
        writer.Varint((ulong)(counts.Length * 8));
        foreach (var c in counts)
        {
            writer.Fixed64(c);
        }
    }

    private static void WriteDouble(ref ProtoSpanWriter writer, byte tag, double value)
    {
        if (value != 0d)
        {
            writer.Tag(tag);
            writer.Fixed64(value);
        }
    }

    private static void WriteInt64(ref ProtoSpanWriter writer, byte tag, long value)
    {
        if (value != 0)
        {
            writer.Tag(tag);
            writer.Varint((ulong)value);
        }
    }
}
