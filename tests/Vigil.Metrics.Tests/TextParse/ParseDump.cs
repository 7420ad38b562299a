using System.Globalization;
using System.Text;
using Vigil.Common.Model;
using Vigil.Metrics.TextParse;

namespace Vigil.Metrics.Tests.TextParse;

/// <summary>Renders every entry of a page as one line of text, so table tests compare plain strings.</summary>
internal static class ParseDump
{
    public static List<string> Prom(string page) => Dump(new PromTextParser(Encoding.UTF8.GetBytes(page)));

    public static List<string> OpenMetrics(string page) => Dump(new OpenMetricsParser(Encoding.UTF8.GetBytes(page)));

    public static List<string> Dump(IExpositionParser parser)
    {
        var lines = new List<string>();
        var builder = new LabelsBuilder();
        while (true)
        {
            var e = parser.Next();
            switch (e)
            {
                case Entry.Eof:
                    return lines;
                case Entry.Invalid:
                    lines.Add("ERROR " + parser.Error);
                    return lines;
                case Entry.Series:
                    builder.Reset();
                    parser.BuildLabels(builder);
                    var ls = builder.Build();
                    var line = ls + " " + Format(parser.Value) + (parser.HasTimestamp ? " @" + parser.TimestampMs.ToString(CultureInfo.InvariantCulture) : string.Empty);
                    if (parser.TryGetExemplar(out var ex))
                    {
                        line += " # " + ex.Labels + " " + Format(ex.Value) + (ex.HasTimestamp ? " @" + ex.TimestampMs.ToString(CultureInfo.InvariantCulture) : string.Empty);
                    }

                    if (ls.HasDuplicateNames())
                    {
                        line += " DUP";
                    }

                    lines.Add(line);
                    break;
                case Entry.Help:
                    lines.Add($"HELP {Encoding.UTF8.GetString(parser.MetricName)} {parser.HelpText()}");
                    break;
                case Entry.Type:
                    lines.Add($"TYPE {Encoding.UTF8.GetString(parser.MetricName)} {parser.Type}");
                    break;
                case Entry.Unit:
                    lines.Add($"UNIT {Encoding.UTF8.GetString(parser.MetricName)} {Encoding.UTF8.GetString(parser.RawText)}");
                    break;
                case Entry.Comment:
                    lines.Add("COMMENT " + Encoding.UTF8.GetString(parser.RawText));
                    break;
            }
        }
    }

    public static string Format(double v) => double.IsNaN(v)
        ? (BitConverter.DoubleToUInt64Bits(v) == 0x7ff8000000000001 ? "NaN" : "NaN(odd)")
        : v.ToString("R", CultureInfo.InvariantCulture);
}
