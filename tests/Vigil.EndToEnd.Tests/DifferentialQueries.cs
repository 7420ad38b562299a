using System.Globalization;
using System.Text.Json;
using Vigil.TestKit.Peers;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// Reads of the differential receiver split by the <c>agent</c> external label: each agent's series keyed by their labels
/// without <c>agent</c> as <c>{a="1",b="2"}</c> (label values JSON-escaped, so escapes compare exactly), with the value as
/// the receiver prints it (<c>NaN</c>, <c>+Inf</c>), so NaN compares equal to NaN without float care.
/// </summary>
internal static class DifferentialQueries
{
    /// <summary>An instant query at <paramref name="at"/>: agent → series → value text.</summary>
    public static async Task<Dictionary<string, SortedDictionary<string, string>>> ByAgentAsync(
        PrometheusReceiver receiver, string promql, DateTimeOffset at)
    {
        var result = NewResult();
        foreach (var item in (await receiver.QueryAsync(promql, at)).EnumerateArray())
        {
            var (agent, key) = Key(item.GetProperty("metric"));
            result[agent][key] = item.GetProperty("value")[1].GetString()!;
        }

        return result;
    }

    /// <summary><c>/api/v1/series</c> from <paramref name="start"/> to <paramref name="end"/>: agent → every series seen.</summary>
    public static async Task<Dictionary<string, SortedDictionary<string, string>>> SeriesByAgentAsync(
        PrometheusReceiver receiver, string match, DateTimeOffset start, DateTimeOffset end)
    {
        using var http = new HttpClient { BaseAddress = receiver.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        var url = "api/v1/series?match[]=" + Uri.EscapeDataString(match) +
            "&start=" + Seconds(start) + "&end=" + Seconds(end);
        var body = await http.GetStringAsync(new Uri(url, UriKind.Relative));
        using var doc = JsonDocument.Parse(body);
        var result = NewResult();
        foreach (var item in doc.RootElement.GetProperty("data").EnumerateArray())
        {
            var (agent, key) = Key(item);
            result[agent][key] = string.Empty;
        }

        return result;
    }

    /// <summary>
    /// Every difference between the two agents' series as one line each; values compared when
    /// <paramref name="compareValue"/> says so for that series key.
    /// </summary>
    public static List<string> Differences(
        string what,
        Dictionary<string, SortedDictionary<string, string>> byAgent,
        Func<string, bool> compareValue)
    {
        var vigil = byAgent[DifferentialStack.Vigil];
        var prometheus = byAgent[DifferentialStack.Prometheus];
        var differences = new List<string>();
        foreach (var (key, value) in prometheus)
        {
            if (!vigil.TryGetValue(key, out var mine))
            {
                differences.Add($"{what}: only prometheus has {key} = {value}");
            }
            else if (compareValue(key) && !string.Equals(mine, value, StringComparison.Ordinal))
            {
                differences.Add($"{what}: {key} is {mine} from vigil, {value} from prometheus");
            }
        }

        foreach (var (key, value) in vigil)
        {
            if (!prometheus.ContainsKey(key))
            {
                differences.Add($"{what}: only vigil has {key} = {value}");
            }
        }

        return differences;
    }

    private static Dictionary<string, SortedDictionary<string, string>> NewResult() => new(StringComparer.Ordinal)
    {
        [DifferentialStack.Vigil] = new(StringComparer.Ordinal),
        [DifferentialStack.Prometheus] = new(StringComparer.Ordinal),
    };

    private static (string Agent, string Key) Key(JsonElement metric)
    {
        var agent = string.Empty;
        var labels = new List<string>();
        foreach (var p in metric.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (p.Name == DifferentialStack.AgentLabel)
            {
                agent = p.Value.GetString()!;
                continue;
            }

            labels.Add($"{p.Name}={JsonSerializer.Serialize(p.Value.GetString())}");
        }

        if (agent is not (DifferentialStack.Vigil or DifferentialStack.Prometheus))
        {
            throw new InvalidOperationException($"series without a known agent label: {metric}");
        }

        return (agent, "{" + string.Join(',', labels) + "}");
    }

    private static string Seconds(DateTimeOffset t) =>
        (t.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
}
