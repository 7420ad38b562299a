using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.Metrics.Discovery.Static;
using Vigil.Metrics.Scrape;

namespace Vigil.Metrics.Tests.Scrape;

/// <summary>Short intervals and a fast discovery debounce, so end-to-end scrape tests take a second or two.</summary>
internal static class ScrapeSetup
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(300);

    public static ScrapeConfig Job(string name, params string[] targets) => new()
    {
        JobName = name,
        ScrapeInterval = new PromDuration(Interval),
        ScrapeTimeout = new PromDuration(Interval),
        StaticConfigs = targets.Length == 0 ? [] : [new StaticConfig { Targets = [.. targets] }],
    };

    public static ScrapeManager Manager(RecordingStorage storage, Prometheus.IMetricFactory? metrics = null) =>
        new("test", storage.Appender, Options(metrics));

    public static ScrapeManagerOptions Options(Prometheus.IMetricFactory? metrics = null) => new()
    {
        DiscoveryUpdateInterval = TimeSpan.FromMilliseconds(30),
        Metrics = metrics,
        UserAgent = "Vigil-test/1.0",
    };

    /// <summary>The single active target of <paramref name="job"/> once it has been scraped at least once.</summary>
    public static async Task<TargetStatus> ScrapedTargetAsync(ScrapeManager manager, string job, Func<TargetStatus, bool>? condition = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (manager.ActiveTargets().TryGetValue(job, out var targets) && targets.Count == 1 && targets[0].LastScrape is not null
                && (condition is null || condition(targets[0])))
            {
                return targets[0];
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"job {job} has no scraped target: {string.Join("; ", manager.ActiveTargets().SelectMany(j => j.Value))}");
    }
}
