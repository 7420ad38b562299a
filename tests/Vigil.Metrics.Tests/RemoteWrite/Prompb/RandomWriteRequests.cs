using System.Text;
using Wire = Vigil.Metrics.Tests.RemoteWrite.Proto;

namespace Vigil.Metrics.Tests.RemoteWrite.Prompb;

/// <summary>Builds random protoc-typed WriteRequests from a seed, covering every field and the awkward values.</summary>
internal static class RandomWriteRequests
{
    public const ulong StaleNaNBits = 0x7ff0000000000002;

    private static readonly string[] Fragments = ["a", "z", "_", "__name__", "é", "€", "😀", "job", "le", "0", " ", "\"", "\\n"];

    public static Wire.WriteRequest Create(int seed)
    {
        var random = new Random(seed);
        var request = new Wire.WriteRequest();
        var seriesCount = random.Next(0, 6);
        for (var i = 0; i < seriesCount; i++)
        {
            var series = new Wire.TimeSeries();
            series.Labels.AddRange(Labels(random, random.Next(0, 5)));
            for (var s = random.Next(0, 4); s > 0; s--)
            {
                series.Samples.Add(new Wire.Sample { Value = Double(random), Timestamp = Int64(random) });
            }

            for (var e = random.Next(0, 3); e > 0; e--)
            {
                var exemplar = new Wire.Exemplar { Value = Double(random), Timestamp = Int64(random) };
                exemplar.Labels.AddRange(Labels(random, random.Next(0, 3)));
                series.Exemplars.Add(exemplar);
            }

            for (var h = random.Next(0, 3); h > 0; h--)
            {
                series.Histograms.Add(Histogram(random));
            }

            request.Timeseries.Add(series);
        }

        for (var m = random.Next(0, 3); m > 0; m--)
        {
            request.Metadata.Add(new Wire.MetricMetadata
            {
                Type = random.Next(0, 8),
                MetricFamilyName = Text(random),
                Help = Text(random),
                Unit = Text(random),
            });
        }

        return request;
    }

    private static IEnumerable<Wire.Label> Labels(Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new Wire.Label { Name = Text(random), Value = Text(random) };
        }
    }

    private static Wire.Histogram Histogram(Random random)
    {
        var h = new Wire.Histogram
        {
            Sum = Double(random),
            Schema = random.Next(-4, 9) * (random.Next(2) == 0 ? 1 : -1),
            ZeroThreshold = random.Next(2) == 0 ? 0 : 1e-128,
            ResetHint = random.Next(0, 4),
            Timestamp = Int64(random),
        };
        switch (random.Next(3))
        {
            case 0:
                h.CountInt = (ulong)random.NextInt64();
                h.ZeroCountInt = (ulong)random.Next(0, 3);
                break;
            case 1:
                h.CountFloat = Double(random);
                h.ZeroCountFloat = Double(random);
                break;
        }

        for (var i = random.Next(0, 3); i > 0; i--)
        {
            h.NegativeSpans.Add(new Wire.BucketSpan { Offset = random.Next(-5, 5), Length = (uint)random.Next(0, 4) });
            h.PositiveSpans.Add(new Wire.BucketSpan { Offset = random.Next(int.MinValue, int.MaxValue), Length = uint.MaxValue });
        }

        for (var i = random.Next(0, 4); i > 0; i--)
        {
            h.NegativeDeltas.Add(random.NextInt64(long.MinValue, long.MaxValue));
            h.PositiveDeltas.Add(random.Next(-3, 3));
            h.NegativeCounts.Add(Double(random));
            h.PositiveCounts.Add(Double(random));
        }

        return h;
    }

    private static string Text(Random random)
    {
        var sb = new StringBuilder();
        for (var i = random.Next(0, 4); i > 0; i--)
        {
            sb.Append(Fragments[random.Next(Fragments.Length)]);
        }

        return sb.ToString();
    }

    private static long Int64(Random random) => random.Next(5) switch
    {
        0 => 0,
        1 => -random.NextInt64(1, 1L << 40),
        2 => long.MaxValue,
        _ => 1_700_000_000_000 + random.Next(),
    };

    // Never -0.0: proto3 omits a zero double, so -0.0 comes back as +0.0 from protoc and from us alike.
    private static double Double(Random random) => random.Next(7) switch
    {
        0 => 0,
        1 => BitConverter.UInt64BitsToDouble(StaleNaNBits),
        2 => double.NaN,
        3 => double.PositiveInfinity,
        4 => double.NegativeInfinity,
        5 => random.Next(-1000, 1000),
        _ => (random.NextDouble() * 1e6) + double.Epsilon,
    };
}
