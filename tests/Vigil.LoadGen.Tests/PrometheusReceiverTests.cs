using System.Globalization;
using System.Text.Json;
using Vigil.TestKit.Peers;

namespace Vigil.LoadGen.Tests;

/// <summary>The tool against the receiver it is measured against: a real Prometheus 2.42 with remote-write receive on.</summary>
public sealed class PrometheusReceiverTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("20000")]
    public async Task Run_AgainstPrometheusReceiver_EverySampleAcceptedAndEverySeriesStored(string rate)
    {
        await using var prometheus = await PrometheusServer.StartAsync(
            "global:\n  scrape_interval: 1m\n",
            extraArgs: ["--web.enable-remote-write-receiver"]);
        var url = new Uri(prometheus.BaseUri, "api/v1/write");
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);

        var exit = await Cli.RunAsync(
            ["--url", url.ToString(), "--series", "1000", "--samples-per-request", "250", "--connections", "2", "--duration", "2s", "--rate", rate],
            output,
            error,
            CancellationToken.None);

        var figures = output.ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}\n{prometheus.Log}");
        Assert.True(long.Parse(figures["samples_accepted_total"], CultureInfo.InvariantCulture) > 0, output.ToString());
        Assert.True(double.Parse(figures["accepted_samples_per_second"], CultureInfo.InvariantCulture) > 0, output.ToString());
        Assert.Equal(figures["samples_sent_total"], figures["samples_accepted_total"]);
        Assert.Equal("0", figures["non_2xx_total"]);
        Assert.Equal("0", figures["transport_errors_total"]);
        Assert.Equal("2", figures["connections"]);
        foreach (var key in new[] { "requests_per_second", "latency_ms_p50", "latency_ms_p90", "latency_ms_p99", "latency_ms_max", "bytes_sent_total" })
        {
            Assert.True(figures.ContainsKey(key), key + " missing from\n" + output);
        }

        Assert.Equal(1000, await CountAsync(prometheus, "count({__name__=~\"loadgen_.*\"})"));
        Assert.Equal(1000, await CountAsync(prometheus, "count(loadgen_metric_0{job=\"loadgen\",instance=\"loadgen\"})"));
    }

    private static async Task<long> CountAsync(PrometheusServer prometheus, string promql)
    {
        var body = await prometheus.QueryAsync(promql);
        using var json = JsonDocument.Parse(body);
        var result = json.RootElement.GetProperty("data").GetProperty("result");
        Assert.True(result.GetArrayLength() == 1, body);
        return long.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }
}
