using System.Globalization;
using System.Text;

namespace Vigil.Metrics.Tests.TextParse;

/// <summary>A test-only writer of generated series in text 0.0.4 or OpenMetrics, for round-trip properties.</summary>
internal static class ExpositionWriter
{
    public static string Write(IEnumerable<GeneratedSeries> series, bool openMetrics)
    {
        var sb = new StringBuilder();
        foreach (var s in series)
        {
            sb.Append(s.Name);
            if (s.Labels.Length > 0 || s.EmptyBraces)
            {
                sb.Append('{');
                for (var i = 0; i < s.Labels.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    sb.Append(s.Labels[i].Name).Append("=\"").Append(Escape(s.Labels[i].Value)).Append('"');
                }

                sb.Append('}');
            }

            sb.Append(' ').Append(FormatValue(s.Value));
            if (s.TimestampMs is { } ts)
            {
                sb.Append(' ').Append(openMetrics ? (ts / 1000).ToString(CultureInfo.InvariantCulture) : ts.ToString(CultureInfo.InvariantCulture));
            }

            sb.Append('\n');
        }

        if (openMetrics)
        {
            sb.Append("# EOF\n");
        }

        return sb.ToString();
    }

    public static string FormatValue(double v) => v switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(v) => "NaN",
        _ => v.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
