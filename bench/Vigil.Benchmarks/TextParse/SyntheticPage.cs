using System.Globalization;
using System.Text;

namespace Vigil.Benchmarks.TextParse;

/// <summary>A deterministic text 0.0.4 page: 100 families × 100 series, five labels each, like a busy service.</summary>
internal static class SyntheticPage
{
    public static byte[] Build(int families = 100, int seriesPerFamily = 100)
    {
        var rng = new Random(1234);
        var sb = new StringBuilder();
        string[] methods = ["GET", "POST", "PUT", "DELETE"];
        string[] codes = ["200", "201", "404", "500"];
        for (var f = 0; f < families; f++)
        {
            var name = $"app_http_requests_{f}_total";
            sb.Append("# HELP ").Append(name).Append(" Requests handled, by method, code and path.\n");
            sb.Append("# TYPE ").Append(name).Append(" counter\n");
            for (var s = 0; s < seriesPerFamily; s++)
            {
                sb.Append(name)
                    .Append("{instance=\"host-").Append(s % 10).Append(".example.org:9100\",job=\"api\",method=\"")
                    .Append(methods[s % 4]).Append("\",code=\"").Append(codes[(s / 4) % 4])
                    .Append("\",path=\"/api/v1/items/").Append(s / 16).Append("\"} ")
                    .Append((rng.NextDouble() * 1e6).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
