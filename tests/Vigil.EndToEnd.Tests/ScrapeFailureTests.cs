using System.Globalization;
using System.Text.Json;
using Vigil.TestKit.Peers;
using Xunit;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// Bad targets in one job next to a healthy one, scraped by vigil and by Prometheus 2.42 in agent mode: an unreachable
/// address, a page slower than scrape_timeout and a body that never ends each give <c>up</c> 0 at the receiver and a
/// <c>scrape_error</c> in vigil's targets API, and the healthy target keeps <c>up</c> 1 and its series.
/// </summary>
public sealed class ScrapeFailureTests
{
    private static readonly string[] Instances = ["ok", "unreachable", "slow", "endless"];

    [Fact]
    public async Task Scrape_UnreachableSlowAndEndlessTargets_UpZeroWithScrapeErrorWhileHealthyTargetStaysUp()
    {
        await using var pages = await ScrapePageServer.StartAsync();
        pages.Set("/ok", "healthy_gauge 1\n");
        pages.SetSlow("/slow", "slow_gauge 1\n", TimeSpan.FromSeconds(5));
        pages.SetEndless("/endless");
        var nobody = $"127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";

        await using var stack = await DifferentialStack.StartAsync(ScrapeConfigs(pages.Address, nobody), scrapeTimeout: "500ms");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        Dictionary<string, SortedDictionary<string, string>> up;
        while (true)
        {
            up = await DifferentialQueries.ByAgentAsync(stack.Receiver, "up{job=\"mixed\"}", DateTimeOffset.UtcNow);

            // On a loaded machine one scrape of the healthy target can miss the 500 ms timeout (either agent): wait for
            // the values to settle; the assertions below still hold them to the expected health.
            if (up.Values.All(v => v.Count == Instances.Length && Settled(v)))
            {
                break;
            }

            if (DateTime.UtcNow >= deadline)
            {
                break;
            }

            await Task.Delay(500);
        }

        Assert.True(up.Values.All(v => v.Count == Instances.Length), $"up not written for every target by both agents within 40s\n{stack.Logs}");
        foreach (var (agent, series) in up)
        {
            foreach (var instance in Instances)
            {
                var expected = instance == "ok" ? "1" : "0";
                Assert.Equal((agent, instance, expected), (agent, instance, series.Single(kv => kv.Key.Contains($"instance=\"{instance}\"", StringComparison.Ordinal)).Value));
            }
        }

        var healthy = await DifferentialQueries.ByAgentAsync(stack.Receiver, "healthy_gauge", DateTimeOffset.UtcNow);
        Assert.All(healthy.Values, v => Assert.Single(v));
        var slow = await DifferentialQueries.ByAgentAsync(stack.Receiver, "slow_gauge or endless_series", DateTimeOffset.UtcNow);
        Assert.All(slow.Values, Assert.Empty);

        // Prometheus agrees on every target's health.
        var prometheusTargets = await DifferentialTargets.PrometheusAsync(stack.PrometheusAgent.BaseUri);
        var vigilTargets = await DifferentialTargets.VigilAsync(stack.VigilClient);
        Assert.Equal(
            prometheusTargets.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value.Health)),
            vigilTargets.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value.Health)));

        using var targets = JsonDocument.Parse(await stack.VigilClient.GetStringAsync(new Uri("agent/api/v1/metrics/targets", UriKind.Relative)));
        var byInstance = targets.RootElement.GetProperty("data").EnumerateArray()
            .ToDictionary(t => t.GetProperty("labels").GetProperty("instance").GetString()!, t => t.Clone());
        Assert.Equal(Instances.Order(StringComparer.Ordinal), byInstance.Keys.Order(StringComparer.Ordinal));
        foreach (var (instance, target) in byInstance)
        {
            var error = target.GetProperty("scrape_error").GetString();
            if (instance == "ok")
            {
                Assert.Equal(("ok", "up", string.Empty), (instance, target.GetProperty("state").GetString(), error));
            }
            else
            {
                Assert.Equal((instance, "down"), (instance, target.GetProperty("state").GetString()));
                Assert.False(string.IsNullOrEmpty(error), $"{instance} has no scrape_error: {target}");
            }
        }
    }

    private static bool Settled(SortedDictionary<string, string> up) =>
        Instances.All(i => up.Any(kv => kv.Key.Contains($"instance=\"{i}\"", StringComparison.Ordinal) && kv.Value == (i == "ok" ? "1" : "0")));

    private static string ScrapeConfigs(string pagesAddress, string nobody) => $$"""
        - job_name: mixed
          static_configs:
            - targets: ["{{pagesAddress}}"]
              labels:
                instance: ok
                __metrics_path__: /ok
            - targets: ["{{nobody}}"]
              labels:
                instance: unreachable
            - targets: ["{{pagesAddress}}"]
              labels:
                instance: slow
                __metrics_path__: /slow
            - targets: ["{{pagesAddress}}"]
              labels:
                instance: endless
                __metrics_path__: /endless

        """;
}
