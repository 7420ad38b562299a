using System.Text;
using Google.Protobuf;
using Vigil.Common.Model;
using Vigil.Metrics.RemoteWrite.Prompb;
using Wire = Vigil.Metrics.Tests.RemoteWrite.Proto;

namespace Vigil.Metrics.Tests.RemoteWrite.Prompb;

/// <summary>Moves requests between the protoc-generated types and the hand-written encoder and decoder.</summary>
internal static class ProtoConversions
{
    public static byte[] EncodeWithVigil(Wire.WriteRequest request)
    {
        using var buffer = new PooledBuffer(16);
        foreach (var series in request.Timeseries)
        {
            var labels = PrompbEncoder.EncodeLabels(series.Labels.Select(l => new Label(l.Name, l.Value)).ToArray());
            var samples = series.Samples.Select(s => new Sample(s.Timestamp, s.Value)).ToArray();
            var exemplars = series.Exemplars
                .Select(e => new Exemplar(e.Labels.Select(l => new Label(l.Name, l.Value)).ToArray(), e.Value, e.Timestamp))
                .ToArray();
            var histograms = series.Histograms.Select(ToVigil).ToArray();
            PrompbEncoder.WriteTimeSeries(buffer, labels, samples, exemplars, histograms);
        }

        foreach (var md in request.Metadata)
        {
            PrompbEncoder.WriteMetadata(buffer, new MetricMetadata((MetricType)md.Type, md.MetricFamilyName, md.Help, md.Unit));
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static Wire.WriteRequest FromDecoded(DecodedWriteRequest d, ReadOnlySpan<byte> body)
    {
        var request = new Wire.WriteRequest();
        foreach (var s in d.Series.Span)
        {
            var series = new Wire.TimeSeries();
            foreach (var l in d.Labels.Slice(s.LabelStart, s.LabelCount))
            {
                series.Labels.Add(ToPb(l, body));
            }

            foreach (var sample in d.Samples.Slice(s.SampleStart, s.SampleCount))
            {
                series.Samples.Add(new Wire.Sample { Value = sample.Value, Timestamp = sample.Timestamp });
            }

            foreach (var e in d.Exemplars.Slice(s.ExemplarStart, s.ExemplarCount))
            {
                var exemplar = new Wire.Exemplar { Value = e.Value, Timestamp = e.Timestamp };
                foreach (var l in d.ExemplarLabels.Slice(e.LabelStart, e.LabelCount))
                {
                    exemplar.Labels.Add(ToPb(l, body));
                }

                series.Exemplars.Add(exemplar);
            }

            foreach (var h in d.Histograms.Slice(s.HistogramStart, s.HistogramCount))
            {
                series.Histograms.Add(ToPb(h, d));
            }

            request.Timeseries.Add(series);
        }

        foreach (var md in d.Metadata.Span)
        {
            request.Metadata.Add(new Wire.MetricMetadata
            {
                Type = (int)md.Type,
                MetricFamilyName = Encoding.UTF8.GetString(md.MetricFamilyName.Of(body)),
                Help = Encoding.UTF8.GetString(md.Help.Of(body)),
                Unit = Encoding.UTF8.GetString(md.Unit.Of(body)),
            });
        }

        return request;
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    private static Wire.Label ToPb(LabelRef l, ReadOnlySpan<byte> body) =>
        new() { Name = Encoding.UTF8.GetString(l.Name.Of(body)), Value = Encoding.UTF8.GetString(l.Value.Of(body)) };

    private static NativeHistogram ToVigil(Wire.Histogram h) => new()
    {
        CountCase = h.CountCase switch
        {
            Wire.Histogram.CountOneofCase.CountInt => OneofCase.Int,
            Wire.Histogram.CountOneofCase.CountFloat => OneofCase.Float,
            _ => OneofCase.None,
        },
        CountInt = h.CountInt,
        CountFloat = h.CountFloat,
        Sum = h.Sum,
        Schema = h.Schema,
        ZeroThreshold = h.ZeroThreshold,
        ZeroCountCase = h.ZeroCountCase switch
        {
            Wire.Histogram.ZeroCountOneofCase.ZeroCountInt => OneofCase.Int,
            Wire.Histogram.ZeroCountOneofCase.ZeroCountFloat => OneofCase.Float,
            _ => OneofCase.None,
        },
        ZeroCountInt = h.ZeroCountInt,
        ZeroCountFloat = h.ZeroCountFloat,
        NegativeSpans = h.NegativeSpans.Select(s => new BucketSpan(s.Offset, s.Length)).ToArray(),
        NegativeDeltas = h.NegativeDeltas.ToArray(),
        NegativeCounts = h.NegativeCounts.ToArray(),
        PositiveSpans = h.PositiveSpans.Select(s => new BucketSpan(s.Offset, s.Length)).ToArray(),
        PositiveDeltas = h.PositiveDeltas.ToArray(),
        PositiveCounts = h.PositiveCounts.ToArray(),
        ResetHint = (HistogramResetHint)h.ResetHint,
        Timestamp = h.Timestamp,
    };

    private static Wire.Histogram ToPb(DecodedHistogram h, DecodedWriteRequest d)
    {
        var pb = new Wire.Histogram
        {
            Sum = h.Sum,
            Schema = h.Schema,
            ZeroThreshold = h.ZeroThreshold,
            ResetHint = (int)h.ResetHint,
            Timestamp = h.Timestamp,
        };
        if (h.CountCase == OneofCase.Int)
        {
            pb.CountInt = h.CountInt;
        }
        else if (h.CountCase == OneofCase.Float)
        {
            pb.CountFloat = h.CountFloat;
        }

        if (h.ZeroCountCase == OneofCase.Int)
        {
            pb.ZeroCountInt = h.ZeroCountInt;
        }
        else if (h.ZeroCountCase == OneofCase.Float)
        {
            pb.ZeroCountFloat = h.ZeroCountFloat;
        }

        foreach (var s in d.NegativeSpans.Slice(h.NegativeSpanStart, h.NegativeSpanCount))
        {
            pb.NegativeSpans.Add(new Wire.BucketSpan { Offset = s.Offset, Length = s.Length });
        }

        foreach (var s in d.PositiveSpans.Slice(h.PositiveSpanStart, h.PositiveSpanCount))
        {
            pb.PositiveSpans.Add(new Wire.BucketSpan { Offset = s.Offset, Length = s.Length });
        }

        pb.NegativeDeltas.AddRange(d.NegativeDeltas.Slice(h.NegativeDeltaStart, h.NegativeDeltaCount).ToArray());
        pb.PositiveDeltas.AddRange(d.PositiveDeltas.Slice(h.PositiveDeltaStart, h.PositiveDeltaCount).ToArray());
        pb.NegativeCounts.AddRange(d.NegativeCounts.Slice(h.NegativeCountStart, h.NegativeCountCount).ToArray());
        pb.PositiveCounts.AddRange(d.PositiveCounts.Slice(h.PositiveCountStart, h.PositiveCountCount).ToArray());
        return pb;
    }

    public static byte[] ProtocBytes(IMessage message) => message.ToByteArray();
}
