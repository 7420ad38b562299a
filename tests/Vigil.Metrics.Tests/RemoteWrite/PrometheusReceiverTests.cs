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

    [Fact]
    public async Task QueueManager_NativeHistogramToRealPrometheus_ArrivesWithCountSumAndBuckets()
    {
        await using var prometheus = await PrometheusServer.StartAsync(
            "global:\n  scrape_interval: 1m\n",
            extraArgs: ["--web.enable-remote-write-receiver", "--enable-feature=native-histograms"]);
        var config = QueueHarness.Config(new Uri(prometheus.BaseUri, "api/v1/write"), batch: 10);
        config.SendNativeHistograms = true;
        await using var h = new QueueHarness(config);
        h.Queue.StoreSeries([new RefSeries(7, Labels.FromStrings("__name__", "vigil_rw_histogram", "job", "rw"))], 0);
        var t = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds() / 1000 * 1000;

        // Schema 0: positive buckets (0.5,1] = 2 and (1,2] = 1, negative [-1,-0.5) = 1, zero bucket 1; 5 in all.
        var histogram = new Vigil.Metrics.RemoteWrite.Prompb.NativeHistogram
        {
            CountCase = Vigil.Metrics.RemoteWrite.Prompb.OneofCase.Int,
            CountInt = 5,
            Sum = 10,
            Schema = 0,
            ZeroThreshold = 0.001,
            ZeroCountCase = Vigil.Metrics.RemoteWrite.Prompb.OneofCase.Int,
            ZeroCountInt = 1,
            PositiveSpans = [new(0, 2)],
            PositiveDeltas = [2, -1],
            NegativeSpans = [new(0, 1)],
            NegativeDeltas = [1],
            Timestamp = t,
        };
        Assert.True(h.Queue.AppendHistograms([new RefHistogramSample(7, t, histogram)]));
        await h.Queue.StopAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, h.Metrics.HistogramsTotal.Value);
        Assert.Equal(0, h.Metrics.HistogramsFailed.Value);

        var json = await prometheus.QueryAsync("vigil_rw_histogram[10m]");
        using var document = JsonDocument.Parse(json);
        var series = Assert.Single(document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray());
        var point = Assert.Single(series.GetProperty("histograms").EnumerateArray());
        Assert.Equal(t, (long)Math.Round(point[0].GetDouble() * 1000));
        Assert.Equal("5", point[1].GetProperty("count").GetString());
        Assert.Equal("10", point[1].GetProperty("sum").GetString());
        var buckets = point[1].GetProperty("buckets").EnumerateArray()
            .Select(b => (b[1].GetString(), b[2].GetString(), b[3].GetString()))
            .ToList();
        Assert.Equal(
            [("-1", "-0.5", "1"), ("-0.001", "0.001", "1"), ("0.5", "1", "2"), ("1", "2", "1")],
            buckets);
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
