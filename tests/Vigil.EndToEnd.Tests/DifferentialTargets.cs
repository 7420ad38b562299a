using System.Text.Json;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// Both agents' targets APIs as one shape: <c>job/instance</c> → (health, last error). Vigil's state <c>up</c>/<c>down</c>
/// is Prometheus' health; a target not scraped yet is <c>unknown</c> in both.
/// </summary>
internal static class DifferentialTargets
{
    public static async Task<Dictionary<string, (string Health, string Error)>> VigilAsync(HttpClient vigil)
    {
        using var doc = JsonDocument.Parse(await vigil.GetStringAsync(new Uri("agent/api/v1/metrics/targets", UriKind.Relative)));
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var t in doc.RootElement.GetProperty("data").EnumerateArray())
        {
            var key = t.GetProperty("target_group").GetString() + "/" + t.GetProperty("labels").GetProperty("instance").GetString();
            result[key] = (t.GetProperty("state").GetString()!, t.GetProperty("scrape_error").GetString()!);
        }

        return result;
    }

    public static async Task<Dictionary<string, (string Health, string Error)>> PrometheusAsync(Uri prometheus)
    {
        using var http = new HttpClient { BaseAddress = prometheus, Timeout = TimeSpan.FromSeconds(10) };
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/v1/targets?state=active", UriKind.Relative)));
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var t in doc.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray())
        {
            var key = t.GetProperty("scrapePool").GetString() + "/" + t.GetProperty("labels").GetProperty("instance").GetString();
            result[key] = (t.GetProperty("health").GetString()!, t.GetProperty("lastError").GetString()!);
        }

        return result;
    }
}
