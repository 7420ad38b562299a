using System.Buffers.Binary;
using Vigil.Common.Model;

namespace Vigil.Wal.Records;

/// <summary>
/// Encodes records exactly as prometheus tsdb/record/record.go (Encoder) does. Each method appends one whole
/// record, type byte first, to the buffer; the caller resets the buffer between records.
/// </summary>
public static class RecordEncoder
{
    public static void Series(ReadOnlySpan<RefSeries> series, RecordBuffer buf)
    {
        buf.PutByte((byte)RecordType.Series);
        foreach (var s in series)
        {
            buf.PutBE64(s.Ref);
            PutLabels(s.Labels, buf);
        }
    }

    /// <summary>Deltas of ref and time are to the first sample, zig-zag varints; values are raw float bits.</summary>
    public static void Samples(ReadOnlySpan<RefSample> samples, RecordBuffer buf)
    {
        buf.PutByte((byte)RecordType.Samples);
        if (samples.IsEmpty)
        {
            return;
        }

        var first = samples[0];
        buf.PutBE64(first.Ref);
        buf.PutBE64((ulong)first.T);

        // One size check for the whole record: at most two varints and 8 bytes per sample.
        var span = buf.GetSpan(samples.Length * ((2 * Varint.MaxLength) + 8));
        var n = 0;
        foreach (var s in samples)
        {
            n += Varint.WriteVarint(span[n..], (long)(s.Ref - first.Ref));
            n += Varint.WriteVarint(span[n..], s.T - first.T);
            BinaryPrimitives.WriteUInt64BigEndian(span[n..], BitConverter.DoubleToUInt64Bits(s.V));
            n += 8;
        }

        buf.Advance(n);
    }

    public static void Tombstones(ReadOnlySpan<Stone> stones, RecordBuffer buf)
    {
        buf.PutByte((byte)RecordType.Tombstones);
        foreach (var s in stones)
        {
            buf.PutBE64(s.Ref);
            buf.PutVarint64(s.Interval.MinT);
            buf.PutVarint64(s.Interval.MaxT);
        }
    }

    public static void Exemplars(ReadOnlySpan<RefExemplar> exemplars, RecordBuffer buf)
    {
        buf.PutByte((byte)RecordType.Exemplars);
        if (exemplars.IsEmpty)
        {
            return;
        }

        var first = exemplars[0];
        buf.PutBE64(first.Ref);
        buf.PutBE64((ulong)first.T);
        foreach (var e in exemplars)
        {
            buf.PutVarint64((long)(e.Ref - first.Ref));
            buf.PutVarint64(e.T - first.T);
            buf.PutBEFloat64(e.V);
            PutLabels(e.Labels, buf);
        }
    }

    public static void MmapMarkers(ReadOnlySpan<RefMmapMarker> markers, RecordBuffer buf)
    {
        buf.PutByte((byte)RecordType.MmapMarkers);
        foreach (var m in markers)
        {
            buf.PutBE64(m.Ref);
            buf.PutBE64(m.MmapRef);
        }
    }

    /// <summary>Per entry: uvarint ref, type byte, a field count (2) and the UNIT and HELP fields as name/value strings.</summary>
    public static void Metadata(ReadOnlySpan<RefMetadata> metadata, RecordBuffer buf)
    {
        buf.PutByte((byte)RecordType.Metadata);
        foreach (var m in metadata)
        {
            buf.PutUvarint64(m.Ref);
            buf.PutByte(m.Type);
            buf.PutUvarint64(2);
            buf.PutUvarintString(RecordDecoder.UnitField);
            buf.PutUvarintString(m.Unit);
            buf.PutUvarintString(RecordDecoder.HelpField);
            buf.PutUvarintString(m.Help);
        }
    }

    public static void HistogramSamples(ReadOnlySpan<RefHistogramSample> histograms, RecordBuffer buf)
    {
        buf.PutByte((byte)RecordType.HistogramSamples);
        if (histograms.IsEmpty)
        {
            return;
        }

        var first = histograms[0];
        buf.PutBE64(first.Ref);
        buf.PutBE64((ulong)first.T);
        foreach (var s in histograms)
        {
            buf.PutVarint64((long)(s.Ref - first.Ref));
            buf.PutVarint64(s.T - first.T);
            var h = s.H;
            buf.PutByte((byte)h.CounterResetHint);
            buf.PutVarint64(h.Schema);
            buf.PutBEFloat64(h.ZeroThreshold);
            buf.PutUvarint64(h.ZeroCount);
            buf.PutUvarint64(h.Count);
            buf.PutBEFloat64(h.Sum);
            PutSpans(h.PositiveSpans, buf);
            PutSpans(h.NegativeSpans, buf);
            buf.PutUvarint64((ulong)h.PositiveBuckets.Count);
            foreach (var b in h.PositiveBuckets)
            {
                buf.PutVarint64(b);
            }

            buf.PutUvarint64((ulong)h.NegativeBuckets.Count);
            foreach (var b in h.NegativeBuckets)
            {
                buf.PutVarint64(b);
            }
        }
    }

    public static void FloatHistogramSamples(ReadOnlySpan<RefFloatHistogramSample> histograms, RecordBuffer buf)
    {
        buf.PutByte((byte)RecordType.FloatHistogramSamples);
        if (histograms.IsEmpty)
        {
            return;
        }

        var first = histograms[0];
        buf.PutBE64(first.Ref);
        buf.PutBE64((ulong)first.T);
        foreach (var s in histograms)
        {
            buf.PutVarint64((long)(s.Ref - first.Ref));
            buf.PutVarint64(s.T - first.T);
            var h = s.FH;
            buf.PutByte((byte)h.CounterResetHint);
            buf.PutVarint64(h.Schema);
            buf.PutBEFloat64(h.ZeroThreshold);
            buf.PutBEFloat64(h.ZeroCount);
            buf.PutBEFloat64(h.Count);
            buf.PutBEFloat64(h.Sum);
            PutSpans(h.PositiveSpans, buf);
            PutSpans(h.NegativeSpans, buf);
            buf.PutUvarint64((ulong)h.PositiveBuckets.Count);
            foreach (var b in h.PositiveBuckets)
            {
                buf.PutBEFloat64(b);
            }

            buf.PutUvarint64((ulong)h.NegativeBuckets.Count);
            foreach (var b in h.NegativeBuckets)
            {
                buf.PutBEFloat64(b);
            }
        }
    }

    private static void PutLabels(Labels labels, RecordBuffer buf)
    {
        buf.PutUvarint64((ulong)labels.Count);
        for (var i = 0; i < labels.Count; i++)
        {
            buf.PutUvarintString(labels[i].Name);
            buf.PutUvarintString(labels[i].Value);
        }
    }

    private static void PutSpans(IList<HistogramSpan> spans, RecordBuffer buf)
    {
        buf.PutUvarint64((ulong)spans.Count);
        foreach (var s in spans)
        {
            buf.PutVarint64(s.Offset);
            buf.PutUvarint64(s.Length);
        }
    }
}
