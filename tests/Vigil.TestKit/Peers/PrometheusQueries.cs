using System.Globalization;
using System.Text.Json;

namespace Vigil.TestKit.Peers;

/// <summary>PromQL reads of a <see cref="PrometheusServer"/> parsed into values, for assertions on what a receiver holds.</summary>
public static class PrometheusQueries
{
    /// <summary>
    /// The raw samples of every series matching <paramref name="selector"/> in the last <paramref name="range"/>
    /// (a range-vector instant query returns stored samples, not evaluated points), keyed by the series' labels.
    /// at <paramref name="at"/> (now when null).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<(long Timestamp, double Value)>>> RawSamplesAsync(
        this PrometheusServer server, string selector, TimeSpan range, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var seconds = ((long)Math.Ceiling(range.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var json = await server.QueryAsync($"{selector}[{seconds}s]", at).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(json);
        var data = Data(doc, json);
        var result = new Dictionary<string, IReadOnlyList<(long, double)>>(StringComparer.Ordinal);
        foreach (var series in data.GetProperty("result").EnumerateArray())
        {
            var samples = new List<(long, double)>();
            foreach (var pair in series.GetProperty("values").EnumerateArray())
            {
                samples.Add((ToMillis(pair[0]), ParseValue(pair[1].GetString()!)));
            }

            result[LabelsText(series.GetProperty("metric"))] = samples;
        }

        return result;
    }

    /// <summary>The values of an instant vector query, keyed by the series' labels.</summary>
    public static async Task<IReadOnlyDictionary<string, double>> VectorAsync(
        this PrometheusServer server, string promql, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var json = await server.QueryAsync(promql, at).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(json);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var series in Data(doc, json).GetProperty("result").EnumerateArray())
        {
            result[LabelsText(series.GetProperty("metric"))] = ParseValue(series.GetProperty("value")[1].GetString()!);
        }

        return result;
    }

    private static JsonElement Data(JsonDocument doc, string json) =>
        doc.RootElement.GetProperty("status").GetString() == "success"
            ? doc.RootElement.GetProperty("data")
            : throw new InvalidOperationException("query failed: " + json);

    private static long ToMillis(JsonElement seconds) => (long)Math.Round(seconds.GetDouble() * 1000);

    private static double ParseValue(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string LabelsText(JsonElement metric) =>
        "{" + string.Join(",", metric.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}=\"{p.Value.GetString()}\"")) + "}";
}
