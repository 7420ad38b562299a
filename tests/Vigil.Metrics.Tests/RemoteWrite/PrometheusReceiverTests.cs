using System.Globalization;
using System.Text.Json;
using Vigil.Common.Model;
using Vigil.Metrics.RemoteWrite;
using Vigil.Metrics.Tests.RemoteWrite.Queue;
using Vigil.TestKit.Peers;

namespace Vigil.Metrics.Tests.RemoteWrite;

/// <summary>The queue manager against the real thing: Prometheus 2.42 as the remote-write receiver, checked through PromQL.</summary>
public sealed class PrometheusReceiverTests
{
    [Fact]
    public async Task QueueManager_ToRealPrometheus_EverySampleArrivesWithLabelsAndValues()
    {
        await using var prometheus = await PrometheusServer.StartAsync(
            "global:\n  scrape_interval: 1m\n",
            extraArgs: ["--web.enable-remote-write-receiver"]);
        var url = new Uri(prometheus.BaseUri, "api/v1/write");
        await using var h = new QueueHarness(QueueHarness.Config(url, shards: 2, batch: 7, deadlineMs: 50), Labels.FromStrings("cluster", "ci"));

        const int Series = 5;
        const int PerSeries = 20;
        var start = DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeMilliseconds() / 1000 * 1000;
        h.Queue.StoreSeries(
            Enumerable.Range(0, Series)
                .Select(s => new RefSeries((ulong)s, Labels.FromStrings("__name__", "vigil_rw_test", "series", S(s), "job", "rw")))
                .ToArray(),
            0);
        var expected = new Dictionary<string, List<(long, double)>>();
        for (var i = 0; i < PerSeries; i++)
        {
            var batch = Enumerable.Range(0, Series).Select(s => new RefSample((ulong)s, start + (i * 5000), Value(s, i))).ToArray();
            Assert.True(h.Queue.Append(batch));
            foreach (var sample in batch)
            {
                var key = S((int)sample.Ref);
                if (!expected.TryGetValue(key, out var list))
                {
                    expected[key] = list = [];
                }

                list.Add((sample.T, sample.V));
            }
        }

        await h.Queue.StopAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(h.Queue.LastEnqueuedSequence, h.Queue.AcknowledgedSequence);
        Assert.Equal(Series * PerSeries, h.Metrics.SamplesTotal.Value);
        Assert.Equal(0, h.Metrics.SamplesFailed.Value);

        var json = await prometheus.QueryAsync("vigil_rw_test[10m]");
        using var document = JsonDocument.Parse(json);
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        Assert.Equal(Series, result.GetArrayLength());
        foreach (var series in result.EnumerateArray())
        {
            var metric = series.GetProperty("metric");
            Assert.Equal("vigil_rw_test", metric.GetProperty("__name__").GetString());
            Assert.Equal("ci", metric.GetProperty("cluster").GetString());
            Assert.Equal("rw", metric.GetProperty("job").GetString());
            Assert.Equal(4, metric.EnumerateObject().Count());
            var got = series.GetProperty("values").EnumerateArray()
                .Select(v => ((long)Math.Round(v[0].GetDouble() * 1000), ParsePromValue(v[1].GetString()!)))
                .ToList();
            Assert.Equal(expected[metric.GetProperty("series").GetString()!], got);
        }
    }

    private static double ParsePromValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };

    private static string S(int s) => s.ToString(CultureInfo.InvariantCulture);

    private static double Value(int series, int i) => series switch
    {
        0 => i,
        1 => -i * 0.25,
        2 => 1e300 / (i + 1),
        3 => i % 2 == 0 ? double.PositiveInfinity : double.NegativeInfinity,
        _ => 1.0 / 3.0 * i,
    };
}
