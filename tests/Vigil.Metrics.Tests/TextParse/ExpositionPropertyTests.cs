using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Vigil.Common.Model;
using Vigil.Metrics.TextParse;

namespace Vigil.Metrics.Tests.TextParse;

public sealed class ExpositionPropertyTests
{
    [Property(Arbitrary = [typeof(ExpositionArbitraries)], MaxTest = 300)]
    public bool FormatThenParse_Text004_ReturnsSameSeries(GeneratedSeries[] series) =>
        RoundTrips(series, openMetrics: false);

    [Property(Arbitrary = [typeof(ExpositionArbitraries)], MaxTest = 300)]
    public bool FormatThenParse_OpenMetrics_ReturnsSameSeries(GeneratedSeries[] series) =>
        RoundTrips(series, openMetrics: true);

    [Property(MaxTest = 500)]
    public bool RandomBytes_OnlyParseErrorOrEnd(byte[] page) => OnlyEndsCleanly(page);

    [Property(MaxTest = 500)]
    public bool MutatedValidPage_OnlyParseErrorOrEnd(NonNegativeInt position, byte value, bool insert)
    {
        var page = Encoding.UTF8.GetBytes("# HELP a x\n# TYPE a counter\na_total{b=\"c\\\"\",d=\"\"} 1 2 # {e=\"f\"} 3 4\nb 1e3\n# EOF\n");
        var at = position.Get % page.Length;
        var mutated = insert ? [.. page.AsSpan(0, at), value, .. page.AsSpan(at)] : page;
        mutated[at] = value;
        return OnlyEndsCleanly(mutated);
    }

    private static bool OnlyEndsCleanly(byte[] page)
    {
        foreach (var parser in new IExpositionParser[] { new PromTextParser(page), new OpenMetricsParser(page) })
        {
            var builder = new LabelsBuilder();
            for (var i = 0; i <= page.Length + 1; i++)
            {
                var e = parser.Next();
                if (e == Entry.Eof || (e == Entry.Invalid && parser.Error is not null))
                {
                    break;
                }

                if (i == page.Length + 1)
                {
                    return false;
                }

                if (e == Entry.Series)
                {
                    builder.Reset();
                    parser.BuildLabels(builder);
                    _ = parser.TryGetExemplar(out _);
                }
                else if (e == Entry.Help)
                {
                    _ = parser.HelpText();
                }
            }
        }

        return true;
    }

    private static bool RoundTrips(GeneratedSeries[] series, bool openMetrics)
    {
        var page = Encoding.UTF8.GetBytes(ExpositionWriter.Write(series, openMetrics));
        IExpositionParser parser = openMetrics ? new OpenMetricsParser(page) : new PromTextParser(page);
        var builder = new LabelsBuilder();
        foreach (var expected in series)
        {
            if (parser.Next() != Entry.Series)
            {
                return false;
            }

            builder.Reset();
            parser.BuildLabels(builder);
            var actual = builder.Build();
            var want = Labels.FromUnsorted([new Label(Label.MetricName, expected.Name), .. expected.Labels]);
            var sameValue = double.IsNaN(expected.Value)
                ? BitConverter.DoubleToUInt64Bits(parser.Value) == 0x7ff8000000000001
                : BitConverter.DoubleToInt64Bits(parser.Value) == BitConverter.DoubleToInt64Bits(expected.Value);
            var sameTs = expected.TimestampMs is { } ts ? parser.HasTimestamp && parser.TimestampMs == ts : !parser.HasTimestamp;
            if (!actual.Equals(want) || !sameValue || !sameTs)
            {
                return false;
            }
        }

        return parser.Next() == Entry.Eof;
    }
}
