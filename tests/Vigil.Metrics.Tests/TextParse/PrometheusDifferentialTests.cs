using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Common.Model;
using Vigil.Common.Yaml;
using Vigil.Metrics.Relabel;
using Vigil.Metrics.TextParse;
using Vigil.TestKit.Peers;
using Xunit.Abstractions;

namespace Vigil.Metrics.Tests.TextParse;

/// <summary>
/// The same pages parsed by Vigil and scraped by a real Prometheus 2.42 (Debian package, server mode, loopback):
/// both must yield the same series and values, also after the same metric_relabel_configs.
/// </summary>
public sealed class PrometheusDifferentialTests(ITestOutputHelper output)
{
    private static readonly HashSet<string> ScrapeMetrics = new(StringComparer.Ordinal)
    {
        "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added",
    };

    private static readonly (string Job, string File, string ContentType, string? RelabelFile)[] Pages =
    [
        ("diff_node_exporter", "node_exporter.prom", "text/plain; version=0.0.4; charset=utf-8", null),
        ("diff_constructs", "constructs.prom", "text/plain; version=0.0.4; charset=utf-8", null),
        ("diff_openmetrics", "constructs.om.txt", "application/openmetrics-text; version=1.0.0; charset=utf-8", null),
        ("diff_relabel", "node_exporter.prom", "text/plain; version=0.0.4; charset=utf-8", "metric_relabel.yml"),
    ];

    [Fact]
    public async Task Scrape_SamePages_PrometheusAndVigilAgree()
    {
        var pages = Pages.ToDictionary(
            p => "/" + p.Job,
            p => (Body: File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "testdata", "textparse", p.File)), p.ContentType));
        var port = FreePort.Next();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        using var stop = new CancellationTokenSource();
        var serving = ServeAsync(listener, pages, stop.Token);

        var config = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n");
        foreach (var p in Pages)
        {
            config.Append(CultureInfo.InvariantCulture, $"  - job_name: {p.Job}\n    metrics_path: /{p.Job}\n    static_configs:\n      - targets: ['127.0.0.1:{port}']\n");
            if (p.RelabelFile is not null)
            {
                config.Append("    metric_relabel_configs:\n");
                foreach (var line in File.ReadAllLines(RelabelPath(p.RelabelFile)))
                {
                    config.Append("      ").Append(line).Append('\n');
                }
            }
        }

        await using var prometheus = await PrometheusServer.StartAsync(config.ToString());
        try
        {
            foreach (var p in Pages)
            {
                var rules = p.RelabelFile is null
                    ? []
                    : VigilYaml.Deserialize<List<RelabelConfig>>(File.ReadAllText(RelabelPath(p.RelabelFile)))!.Select(RelabelRule.Compile).ToList();
                var expected = ParseWithVigil(pages["/" + p.Job].Body, pages["/" + p.Job].ContentType, p.Job, $"127.0.0.1:{port}", rules);
                var actual = await WaitForSeriesAsync(prometheus, p.Job, expected.Count);
                var missing = expected.Keys.Except(actual.Keys).ToList();
                var extra = actual.Keys.Except(expected.Keys).ToList();
                var differentValues = expected.Keys.Intersect(actual.Keys).Where(k => !SameValue(expected[k], actual[k])).ToList();
                foreach (var k in missing.Take(10))
                {
                    output.WriteLine($"{p.Job}: only Vigil has {k}");
                }

                foreach (var k in extra.Take(10))
                {
                    output.WriteLine($"{p.Job}: only Prometheus has {k}");
                }

                foreach (var k in differentValues.Take(10))
                {
                    output.WriteLine($"{p.Job}: {k} Vigil={expected[k]} Prometheus={actual[k]}");
                }

                if (missing.Count + extra.Count + differentValues.Count > 0)
                {
                    using var http = new HttpClient { BaseAddress = prometheus.BaseUri };
                    output.WriteLine(await http.GetStringAsync("api/v1/targets"));
                }

                Assert.True(
                    missing.Count == 0 && extra.Count == 0 && differentValues.Count == 0,
                    $"{p.Job}: {missing.Count} missing, {extra.Count} extra, {differentValues.Count} different values (see output)");
                output.WriteLine($"{p.Job}: {expected.Count} series agree, e.g. {expected.Keys.Last()}");
                if (p.RelabelFile is not null)
                {
                    // The rules must actually have acted: hashmod, templated target, labelmap.
                    Assert.Contains(expected.Keys, k => k.Contains("shard=", StringComparison.Ordinal) && k.Contains("family_node=", StringComparison.Ordinal));
                    Assert.Contains(expected.Keys, k => k.Contains("node_mode=", StringComparison.Ordinal));
                }
            }
        }
        catch
        {
            output.WriteLine(prometheus.Log);
            throw;
        }
        finally
        {
            await stop.CancelAsync();
            listener.Stop();
            await serving;
        }
    }

    private static bool SameValue(double a, double b) =>
        (double.IsNaN(a) && double.IsNaN(b)) || BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) || (a == 0 && b == 0);

    /// <summary>Vigil's view: parse the page, drop empty-valued labels (absent), add the target labels.</summary>
    private static string RelabelPath(string file) => Path.Combine(AppContext.BaseDirectory, "testdata", "relabel", file);

    private static Dictionary<string, double> ParseWithVigil(byte[] body, string contentType, string job, string instance, List<RelabelRule> rules)
    {
        var parser = ContentNegotiation.CreateParser(contentType, body);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        var builder = new LabelsBuilder();
        Entry e;
        while ((e = parser.Next()) is not Entry.Eof and not Entry.Invalid)
        {
            if (e != Entry.Series)
            {
                continue;
            }

            builder.Reset();
            parser.BuildLabels(builder);
            var parsed = builder.Build();
            var final = new LabelsBuilder();
            foreach (var l in parsed)
            {
                final.Set(l.Name, l.Value);
            }

            final.Set("job", job).Set("instance", instance);
            if (Relabeler.Process(final, rules))
            {
                result[final.Build().ToString()] = parser.Value;
            }
        }

        Assert.True(e == Entry.Eof, parser.Error?.ToString());
        return result;
    }

    private static async Task<Dictionary<string, double>> WaitForSeriesAsync(PrometheusServer prometheus, string job, int expectedCount)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        Dictionary<string, double> series = [];
        while (DateTime.UtcNow < deadline)
        {
            series = await QuerySeriesAsync(prometheus, job);
            if (series.Count >= expectedCount)
            {
                return series;
            }

            await Task.Delay(500);
        }

        return series;
    }

    private static async Task<Dictionary<string, double>> QuerySeriesAsync(PrometheusServer prometheus, string job)
    {
        var json = await prometheus.QueryAsync($"{{job=\"{job}\"}}");
        using var doc = JsonDocument.Parse(json);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var builder = new LabelsBuilder();
            foreach (var p in item.GetProperty("metric").EnumerateObject())
            {
                builder.Set(p.Name, p.Value.GetString()!);
            }

            var labels = builder.Build();
            if (ScrapeMetrics.Contains(labels.Get(Label.MetricName)))
            {
                continue;
            }

            result[labels.ToString()] = ParsePromValue(item.GetProperty("value")[1].GetString()!);
        }

        return result;
    }

    private static double ParsePromValue(string s) => s switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static async Task ServeAsync(HttpListener listener, Dictionary<string, (byte[] Body, string ContentType)> pages, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            using var response = context.Response;
            if (!pages.TryGetValue(context.Request.Url!.AbsolutePath, out var page))
            {
                response.StatusCode = 404;
                continue;
            }

            response.ContentType = page.ContentType;
            response.ContentLength64 = page.Body.Length;
            await response.OutputStream.WriteAsync(page.Body, ct);
        }
    }
}
