using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Vigil.Common.Model;
using Vigil.Metrics.Storage;
using Vigil.TestKit;
using Vigil.TestKit.Peers;

namespace Vigil.Metrics.Tests.Storage;

/// <summary>Byte compatibility with the real Prometheus 2.42 (Debian package), in both directions.</summary>
public sealed class PrometheusInteropTests
{
    [Fact]
    public async Task PrometheusServer_ReplaysVigilWal_QueryReturnsVigilSamples()
    {
        using var source = new TempDirectory();
        var now = DateTimeOffset.UtcNow;
        var end = now.ToUnixTimeMilliseconds() / 1000 * 1000;
        using (var storage = WalStorage.Open(source.Path))
        {
            for (var i = 0; i < 10; i++)
            {
                var app = storage.Appender();
                var t = end - ((9 - i) * 10_000L);
                for (var s = 0; s < 20; s++)
                {
                    var labels = Labels.FromStrings("__name__", "vigil_interop_total", "job", "vigil", "instance", "series-" + s.ToString(CultureInfo.InvariantCulture));
                    app.Append(0, labels, t, (s * 1000) + i);
                }

                app.Commit();
            }
        }

        await using var prometheus = await PrometheusServer.StartAsync(
            "global:\n  scrape_interval: 1h\n",
            prepareData: data => CopyDirectory(Path.Combine(source.Path, "wal"), Path.Combine(data, "wal")));

        var body = await prometheus.QueryAsync("vigil_interop_total", DateTimeOffset.FromUnixTimeMilliseconds(end));
        using var doc = JsonDocument.Parse(body);
        var result = doc.RootElement.GetProperty("data").GetProperty("result");
        Assert.Equal(20, result.GetArrayLength());
        foreach (var r in result.EnumerateArray())
        {
            var instance = r.GetProperty("metric").GetProperty("instance").GetString()!;
            var s = int.Parse(instance["series-".Length..], CultureInfo.InvariantCulture);
            Assert.Equal("vigil", r.GetProperty("metric").GetProperty("job").GetString());
            Assert.Equal(((s * 1000) + 9).ToString(CultureInfo.InvariantCulture), r.GetProperty("value")[1].GetString());
        }

        var count = await prometheus.QueryAsync("count_over_time(vigil_interop_total{instance=\"series-3\"}[5m])", DateTimeOffset.FromUnixTimeMilliseconds(end));
        using var countDoc = JsonDocument.Parse(count);
        Assert.Equal("10", countDoc.RootElement.GetProperty("data").GetProperty("result")[0].GetProperty("value")[1].GetString());
    }

    [Fact]
    public async Task WalStorage_OpensWalOfPrometheusAgent_SeriesAndSamplesReplayed()
    {
        using var copy = new TempDirectory();
        await PrometheusAgentWal.WriteAsync(copy.Path);

        var contents = WalContents.Read(Path.Combine(copy.Path, "wal"));
        Assert.NotEmpty(contents.Series);
        Assert.NotEmpty(contents.Samples);
        Assert.Contains(contents.Series, s => s.Labels.Get("job") == "node" && s.Labels.Get("__name__") == "up");

        var registry = Prometheus.Metrics.NewCustomRegistry();
        using var storage = WalStorage.Open(copy.Path, new WalStorageOptions { Metrics = Prometheus.Metrics.WithCustomRegistry(registry) });
        Assert.Equal(0, storage.Metrics.Corruptions.Value);
        var series = storage.Series.All();
        Assert.Equal(contents.Series.Select(s => s.Ref).Distinct().Count(), series.Count);
        Assert.Equal(contents.Series.Max(s => s.Ref), storage.LastRef);
        Assert.Contains(series, s => s.LastTs > 0);

        // Appends continue after the agent's refs.
        var app = storage.Appender();
        var r = app.Append(0, Labels.FromStrings("__name__", "vigil_after_prometheus"), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 1);
        app.Commit();
        Assert.Equal(storage.LastRef, r);
    }

    internal static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}

/// <summary>Runs Prometheus 2.42 in agent mode scraping a node_exporter on loopback, and keeps the WAL it wrote.</summary>
internal static class PrometheusAgentWal
{
    public static async Task WriteAsync(string destination)
    {
        var exporterPort = FreePort.Next();
        var exporterBinary = PeerBinary.Find("prometheus-node-exporter", "prometheus-node-exporter");
        var psi = new ProcessStartInfo(exporterBinary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add($"--web.listen-address=127.0.0.1:{exporterPort}");
        using var exporter = Process.Start(psi) ?? throw new InvalidOperationException("node_exporter did not start");
        exporter.BeginErrorReadLine();
        exporter.BeginOutputReadLine();
        try
        {
            var config = $"global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['127.0.0.1:{exporterPort}']\n";
            await using var prometheus = await PrometheusServer.StartAsync(config, agentMode: true);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (!await HasScrapedAsync(prometheus) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }

            await Task.Delay(2500);
            await prometheus.StopAsync();
            PrometheusInteropTests.CopyDirectory(Path.Combine(prometheus.DataDirectory, "wal"), Path.Combine(destination, "wal"));
        }
        finally
        {
            exporter.Kill(entireProcessTree: true);
            await exporter.WaitForExitAsync();
        }
    }

    private static async Task<bool> HasScrapedAsync(PrometheusServer prometheus)
    {
        using var http = new HttpClient { BaseAddress = prometheus.BaseUri };
        var body = await http.GetStringAsync("api/v1/targets");
        return body.Contains("\"health\":\"up\"", StringComparison.Ordinal);
    }
}
