using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Common.Model;
using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.Metrics.Discovery.Targets;
using Vigil.Metrics.RemoteWrite.Client;
using Vigil.Metrics.Scrape;
using Vigil.Metrics.Storage;
using Vigil.Benchmarks.TextParse;

namespace Vigil.Benchmarks.Scrape;

/// <summary>
/// One scrape's append of a 1 000-series text page into the agent WAL, as a scrape loop does it after the first
/// scrape: parse, series-cache hit by raw bytes, append by ref, staleness tracking, report series, commit (one WAL
/// write). No HTTP. The steady case must allocate nothing per sample.
/// </summary>
[MemoryDiagnoser]
public class ScrapeAppendBenchmarks
{
    private const int Series = 1000;
    private string _dir = string.Empty;
    private WalStorage _storage = null!;
    private ScrapeLoop _loop = null!;
    private HttpClient _client = null!;
    private AuthorizationProvider _authorization = null!;
    private byte[] _page = [];
    private long _t;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("vigil-bench-scrape-").FullName;
        _storage = WalStorage.Open(_dir);
        _page = SyntheticPage.Build(families: 10, seriesPerFamily: Series / 10);
        var config = new ScrapeConfig { JobName = "bench", ScrapeInterval = PromDuration.FromSeconds(1), ScrapeTimeout = PromDuration.FromSeconds(1) };
        var settings = ScrapeSettings.From(config);
        var labels = Labels.FromStrings("__address__", "127.0.0.1:9100", "__scheme__", "http", "__metrics_path__", "/metrics", "instance", "127.0.0.1:9100", "job", "bench");
        var target = new ActiveTarget(new ScrapeTarget(labels, labels), settings);
        var metrics = ScrapeMetrics.Unregistered();
        _client = new HttpClient();
        _authorization = new AuthorizationProvider(config, TimeProvider.System);
        var scraper = new TargetScraper(_client, _authorization, target, settings, new ScrapeHttpOptions("bench", false, TimeSpan.FromMinutes(1)), metrics, TimeProvider.System);
        _loop = new ScrapeLoop(target, settings, scraper, _storage.Appender, metrics, NullLogger.Instance, TimeProvider.System, 0, CancellationToken.None);
        _t = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000;

        // The first scrape creates the series and fills the cache; the benchmark measures the ones after it.
        AppendOnce();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _storage.Dispose();
        _client.Dispose();
        _authorization.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>One steady scrape of the page: parse, cache hits, append, stale check, commit. Reported per sample.</summary>
    [Benchmark(OperationsPerInvoke = Series)]
    public int AppendSteadyPage() => AppendOnce();

    private int AppendOnce()
    {
        var app = _storage.Appender();
        var result = _loop.AppendPage(app, _page, "text/plain; version=0.0.4", _t += 1000);
        app.Commit();
        return result.Error is null ? result.Added : throw new InvalidOperationException(result.Error);
    }
}
