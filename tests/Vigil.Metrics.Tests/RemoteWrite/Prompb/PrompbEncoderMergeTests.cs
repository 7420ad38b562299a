using FsCheck.Xunit;
using Vigil.Common.Model;
using Vigil.Metrics.RemoteWrite.Prompb;

namespace Vigil.Metrics.Tests.RemoteWrite.Prompb;

/// <summary>Encoding series labels merged with external labels on the fly equals encoding the merged set.</summary>
public sealed class PrompbEncoderMergeTests
{
    private static readonly string[] Names = ["__name__", "a", "cluster", "instance", "job", "le", "region", "z", "zz"];

    [Property(MaxTest = 500)]
    public bool MergedEncoding_EqualsEncodingOfTheMergedSet(int seed)
    {
        var random = new Random(seed);
        var series = RandomLabels(random, "s");
        var external = RandomLabels(random, "e");
        var sample = new Sample(random.NextInt64(0, 1L << 40), random.NextDouble());

        // The reference: the series' own label wins over an external one of the same name.
        var builder = new LabelsBuilder(series);
        foreach (var label in external)
        {
            if (!series.Has(label.Name))
            {
                builder.Set(label.Name, label.Value);
            }
        }

        var merged = builder.Build();
        using var expected = new PooledBuffer();
        PrompbEncoder.WriteTimeSeries(expected, PrompbEncoder.EncodeLabels(merged.AsSpan()), new ReadOnlySpan<Sample>(in sample), default, default);

        using var actual = new PooledBuffer();
        var size = PrompbEncoder.LabelsSize(series.AsSpan(), external.AsSpan());
        PrompbEncoder.WriteTimeSeries(actual, series.AsSpan(), external.AsSpan(), size, new ReadOnlySpan<Sample>(in sample), default, default);

        return size == PrompbEncoder.LabelsSize(merged.AsSpan()) && actual.WrittenSpan.SequenceEqual(expected.WrittenSpan);
    }

    [Fact]
    public void MergedEncoding_NoExternalLabels_EqualsPlainEncoding()
    {
        var series = Labels.FromStrings("__name__", "up", "job", "node");
        using var expected = new PooledBuffer();
        PrompbEncoder.WriteTimeSeries(expected, PrompbEncoder.EncodeLabels(series.AsSpan()), [new Sample(1, 1)], default, default);
        using var actual = new PooledBuffer();
        PrompbEncoder.WriteTimeSeries(actual, series.AsSpan(), default, PrompbEncoder.LabelsSize(series.AsSpan(), default), [new Sample(1, 1)], default, default);

        Assert.Equal(expected.WrittenSpan.ToArray(), actual.WrittenSpan.ToArray());
    }

    private static Labels RandomLabels(Random random, string prefix)
    {
        var builder = new LabelsBuilder();
        foreach (var name in Names)
        {
            if (random.Next(3) == 0)
            {
                // Some values are not ASCII, to take the encoder's general path too.
                var text = random.Next(4) == 0 ? "é☃𝄞" : string.Empty;
                builder.Set(name, prefix + text + random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.Build();
    }
}
