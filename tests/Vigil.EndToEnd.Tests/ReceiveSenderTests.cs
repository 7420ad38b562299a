using System.Globalization;
using Vigil.TestKit.Peers;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// A real remote-write client no one here wrote: Prometheus 2.42 in agent mode scrapes itself every second and
/// remote-writes to vigil's receive endpoint; vigil's instance forwards to a Prometheus 2.42 receiver, where PromQL
/// shows that every scrape arrived whole.
/// </summary>
public sealed class ReceiveSenderTests
{
    private const int ReportSeriesPerScrape = 5; // up, scrape_duration_seconds, scrape_samples_scraped, scrape_samples_post_metric_relabeling, scrape_series_added

    [Fact]
    public async Task PrometheusAgent_RemoteWritesThroughVigil_EveryScrapedSampleArrives()
    {
        await using var stack = await ReceiveStack.StartAsync();
        await using var sender = await PrometheusServer.StartAsync(SenderConfig(stack, selfPort: null), agentMode: true);
        try
        {
            // The sender's own port is known only once it runs: reload it with itself as the scrape target.
            await File.WriteAllTextAsync(Path.Combine(sender.Directory, "prometheus.yml"), SenderConfig(stack, sender.Port));
            using (var http = new HttpClient { BaseAddress = sender.BaseUri })
            using (var reload = await http.PostAsync(new Uri("-/reload", UriKind.Relative), null))
            {
                Assert.True(reload.IsSuccessStatusCode, "sender reload failed:\n" + sender.Log);
            }

            // The scraped series arrive, labelled by the sender's scrape.
            var build = await WaitForAsync(stack, "prometheus_build_info{job=\"sender\"}", TimeSpan.FromSeconds(60), sender);
            Assert.Contains("version=\"2.42.0", Assert.Single(build).Key, StringComparison.Ordinal);
            await WaitForAsync(stack, "up{job=\"sender\"} == 1", TimeSpan.FromSeconds(10), sender);

            // Let a window fill, then look at one that ended well before now so both hops have delivered it.
            const int window = 15;
            await Task.Delay(TimeSpan.FromSeconds(window + 6));
            var at = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(5);

            var all = await stack.Receiver.RawSamplesAsync("{job=\"sender\"}", TimeSpan.FromSeconds(window), at);
            var up = Named(all, "up").Select(s => s.Timestamp).ToArray();
            Assert.InRange(up.Length, window - 1, window + 1);

            // Every sample a scrape appended arrived: the sender's own count of appended samples per scrape, plus the
            // report series, equals what the receiver holds for the window.
            var expected = Named(all, "scrape_samples_post_metric_relabeling").Sum(s => s.Value) + (ReportSeriesPerScrape * up.Length);
            var received = all.Values.Sum(s => s.Count);
            Assert.True(expected == received, $"expected {expected} samples in the window, the receiver holds {received}\n{stack.Diagnostics()}");

            // A few series, sample by sample: each one has a sample at exactly every scrape timestamp of up.
            foreach (var name in new[] { "prometheus_build_info", "scrape_duration_seconds", "prometheus_remote_storage_samples_pending", "go_goroutines" })
            {
                Assert.Equal(up, Named(all, name).Select(s => s.Timestamp).ToArray());
            }

            // Consecutive scrapes are one interval apart: none went missing in between.
            for (var i = 1; i < up.Length; i++)
            {
                Assert.InRange(up[i] - up[i - 1], 500, 1500);
            }

            // And the sender saw no failure on its side of the wire.
            using var senderHttp = new HttpClient { BaseAddress = sender.BaseUri };
            var senderMetrics = await senderHttp.GetStringAsync(new Uri("metrics", UriKind.Relative));
            Assert.DoesNotContain("prometheus_remote_storage_samples_failed_total{remote_name", NonZero(senderMetrics, "prometheus_remote_storage_samples_failed_total"), StringComparison.Ordinal);
            Assert.DoesNotContain("prometheus_remote_storage_samples_dropped_total{remote_name", NonZero(senderMetrics, "prometheus_remote_storage_samples_dropped_total"), StringComparison.Ordinal);
        }
        finally
        {
            await sender.StopAsync(TimeSpan.FromSeconds(5));
        }
    }

    private static string SenderConfig(ReceiveStack stack, int? selfPort)
    {
        var scrape = selfPort is { } port
            ? $"scrape_configs:\n- job_name: sender\n  static_configs:\n  - targets: ['127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}']\n"
            : string.Empty;
        return $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            {scrape}remote_write:
            - url: {stack.WriteUri}
              queue_config:
                batch_send_deadline: 1s
                min_backoff: 100ms
                max_backoff: 1s
            """;
    }

    /// <summary>The lines of <paramref name="metric"/> whose value is not zero.</summary>
    private static string NonZero(string exposition, string metric) =>
        string.Join('\n', exposition.Split('\n').Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal)));

    private static IReadOnlyList<(long Timestamp, double Value)> Named(IReadOnlyDictionary<string, IReadOnlyList<(long Timestamp, double Value)>> all, string name) =>
        Assert.Single(all, kv => kv.Key.StartsWith($"{{__name__=\"{name}\",", StringComparison.Ordinal)).Value;

    private static async Task<IReadOnlyDictionary<string, double>> WaitForAsync(ReceiveStack stack, string promql, TimeSpan timeout, PrometheusServer sender)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var result = await stack.Receiver.VectorAsync(promql);
            if (result.Count > 0)
            {
                return result;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{promql} never arrived\n{stack.Diagnostics()}\n--- sender ---\n{sender.Log}");
            await Task.Delay(250);
        }
    }
}
