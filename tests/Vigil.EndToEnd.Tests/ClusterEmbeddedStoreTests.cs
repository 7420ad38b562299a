using System.Net;
using System.Text.Json;
using Vigil.TestKit;
using Vigil.TestKit.Peers;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// One <c>vigil</c> process in scraping-service mode on the default embedded store: configs put through the API are
/// still listed and scraped after the process restarts.
/// </summary>
public sealed class ClusterEmbeddedStoreTests
{
    [Fact]
    public async Task EmbeddedStore_ProcessRestart_ConfigsListedAndScraped()
    {
        using var dir = new TempDirectory();
        await using var targets = await ScrapeTargets.StartAsync();
        var yaml = $"""
            metrics:
              wal_directory: {dir.Combine("wal")}
              scraping_service:
                enabled: true
                reshard_interval: 2s
                lifecycler:
                  id: solo
                  heartbeat_period: 1s

            """;
        await using var agent = new ClusterAgent("solo", dir.Combine("solo"), yaml);
        targets.Scrapers = () => agent.Pid is { } pid ? [pid] : [];
        await agent.StartAsync();
        foreach (var name in new[] { "first", "second" })
        {
            using var put = await agent.PutConfigAsync(name, ClusterAgent.ScrapeConfig(name, targets));
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        await WaitScrapedAsync(agent, targets, DateTimeOffset.UtcNow);

        await agent.RestartAsync();
        var restarted = DateTimeOffset.UtcNow;
        using (var doc = JsonDocument.Parse(await agent.Client.GetStringAsync(new Uri("agent/api/v1/configs", UriKind.Relative))))
        {
            Assert.Equal(["first", "second"], doc.RootElement.GetProperty("data").GetProperty("configs").EnumerateArray().Select(c => c.GetString()));
        }

        await WaitScrapedAsync(agent, targets, restarted);
    }

    /// <summary>Both configs up on the targets API, and both targets hit by this very process since <paramref name="since"/>.</summary>
    private static async Task WaitScrapedAsync(ClusterAgent agent, ScrapeTargets targets, DateTimeOffset since)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var up = (await agent.TargetsAsync()).Where(t => t.State == "up").Select(t => t.Instance).Order(StringComparer.Ordinal).ToList();
            var hit = targets.Hits(since).Where(h => h.Pid == agent.Pid).Select(h => h.Target).Distinct().Order(StringComparer.Ordinal).ToList();
            if (up.SequenceEqual(["first", "second"]) && hit.SequenceEqual(["first", "second"]))
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"configs not scraped by pid {agent.Pid} within 30s:\n{agent.Output}");
    }
}
