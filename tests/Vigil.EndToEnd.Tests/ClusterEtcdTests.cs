using System.Diagnostics;
using System.Globalization;
using System.Net;
using Vigil.TestKit;
using Vigil.TestKit.Peers;
using Xunit.Abstractions;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// Issue #8's cluster test with real processes only: one etcd, three <c>vigil</c> agents sharing it for configs and
/// ring, and 30 configs each scraping its own path of one loopback target. Every config must be scraped by exactly one
/// agent — as the agents report it (<c>/agent/api/v1/metrics/targets</c>) and as the targets see it (which process sent
/// each request) — after the configs arrive, after an agent is SIGKILLed, after it comes back, and after etcd restarts.
/// </summary>
public sealed class ClusterEtcdTests
{
    private const int ConfigCount = 30;
    private static readonly TimeSpan Reshard = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(1);

    // What a handover may cost beyond the reshard and scrape intervals on a loaded 2-core machine: ring, WAL and HTTP
    // latency. A restarted member stays JOINING until it runs what it owns, and a new instance's discovery sends its
    // first targets at once, so the gap itself is about one reshard interval (2.0 s measured).
    private static readonly TimeSpan HandoverSlack = TimeSpan.FromSeconds(4);

    private readonly ITestOutputHelper _output;

    public ClusterEtcdTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private static IEnumerable<string> Names => Enumerable.Range(0, ConfigCount).Select(i => i.ToString("D2", CultureInfo.InvariantCulture) + "-scrape");

    [Fact]
    public async Task ThreeAgents_KillRestartAndEtcdRestart_EveryConfigScrapedByExactlyOneAgent()
    {
        var clock = Stopwatch.StartNew();
        using var dir = new TempDirectory();
        await using var etcd = await EtcdServer.StartAsync();
        await using var targets = await ScrapeTargets.StartAsync();
        await using var agent1 = NewAgent(1, dir, etcd);
        await using var agent2 = NewAgent(2, dir, etcd);
        await using var agent3 = NewAgent(3, dir, etcd);
        ClusterAgent[] all = [agent1, agent2, agent3];
        var pids = new Dictionary<int, string>();
        targets.Scrapers = () => all.Select(a => a.Pid).OfType<int>().ToList();
        try
        {
            await Task.WhenAll(all.Select(a => a.StartAsync()));
            RememberPids(all, pids);
            await WaitRingAsync(all, 3, TimeSpan.FromSeconds(30));
            Log(clock, "3 agents up, each sees 3 healthy ACTIVE members");

            var i = 0;
            foreach (var name in Names)
            {
                using var response = await all[i++ % all.Length].PutConfigAsync(name, ClusterAgent.ScrapeConfig(name, targets));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }

            var owners = await WaitExactlyOnceAsync(all, TimeSpan.FromSeconds(30), clock, "30 configs placed");
            Assert.All(all, a => Assert.Contains(a.Id, owners.Values));
            await AssertHitsFollowOwnersAsync(targets, owners, pids, requireAttributed: true);

            // SIGKILL: agent-3's configs move once its heartbeat times out (5 s) and a reshard or ring event runs.
            await agent3.KillAsync();
            var killed = clock.Elapsed;
            owners = await WaitExactlyOnceAsync([agent1, agent2], TimeSpan.FromSeconds(60), clock, "agent-3 killed, survivors took its configs");
            Log(clock, $"takeover after kill -9 took {(clock.Elapsed - killed).TotalSeconds:F1}s");
            Assert.DoesNotContain("agent-3", owners.Values);
            await AssertHitsFollowOwnersAsync(targets, owners, pids, requireAttributed: false);

            // Back with the same id and WAL directory: it takes its share back, and no config waits long for its new owner.
            var restartFrom = DateTimeOffset.UtcNow;
            Log(clock, $"restarting agent-3 at {restartFrom:HH:mm:ss.fff}");
            await agent3.RestartAsync();
            RememberPids(all, pids);
            await WaitRingAsync(all, 3, TimeSpan.FromSeconds(30));
            owners = await WaitExactlyOnceAsync(all, TimeSpan.FromSeconds(30), clock, "agent-3 back", mustInclude: "agent-3");
            await Task.Delay(Reshard + ScrapeInterval + ScrapeInterval);
            var restartHits = targets.Hits(restartFrom);
            var restartTo = DateTimeOffset.UtcNow;
            var gaps = Names.ToDictionary(n => n, n => ClusterHitAnalysis.LongestGap(restartHits, n, restartFrom, restartTo));
            var restartOverlaps = Names.ToDictionary(n => n, n => ClusterHitAnalysis.LongestOverlap(restartHits, n, restartFrom, restartTo));
            Log(clock, $"rebalance: longest gap {gaps.Values.Max().TotalSeconds:F2}s ({gaps.MaxBy(g => g.Value).Key}), longest double scrape {restartOverlaps.Values.Max().TotalSeconds:F2}s");
            Assert.All(gaps, g => Assert.True(g.Value <= Reshard + ScrapeInterval + HandoverSlack, $"{g.Key} went unscraped for {g.Value} during the rebalance"));
            await AssertHitsFollowOwnersAsync(targets, owners, pids, requireAttributed: false);

            // etcd goes away (SIGKILL) for longer than the heartbeat timeout and comes back on the same data and ports: every
            // heartbeat in the ring is stale then, yet the agents resync and no config is scraped twice for long.
            var etcdFrom = DateTimeOffset.UtcNow;
            await etcd.KillAsync();
            await Task.Delay(TimeSpan.FromSeconds(7));
            await etcd.RestartAsync();
            Log(clock, "etcd restarted");
            await WaitRingAsync(all, 3, TimeSpan.FromSeconds(30));
            owners = await WaitExactlyOnceAsync(all, TimeSpan.FromSeconds(30), clock, "after the etcd restart");
            await Task.Delay(Reshard + ScrapeInterval + ScrapeInterval);
            var etcdHits = targets.Hits(etcdFrom);
            var etcdTo = DateTimeOffset.UtcNow;
            var overlaps = Names.ToDictionary(n => n, n => ClusterHitAnalysis.LongestOverlap(etcdHits, n, etcdFrom, etcdTo));
            var etcdGaps = Names.ToDictionary(n => n, n => ClusterHitAnalysis.LongestGap(etcdHits, n, etcdFrom, etcdTo));
            Log(clock, $"etcd restart: longest double scrape {overlaps.Values.Max().TotalSeconds:F2}s, longest gap {etcdGaps.Values.Max().TotalSeconds:F2}s");

            // The overlap is measured on a grid where each hit keeps its scraper active for a little over one interval.
            Assert.All(overlaps, o => Assert.True(o.Value <= Reshard + ClusterHitAnalysis.Hold, $"{o.Key} was scraped by two agents for {o.Value}"));

            // An agent that sees its own heartbeat go stale (the store is down) keeps its configs: no config stops for the
            // outage. The bound leaves room for a scrape interval, a reshard interval and a busy machine.
            Assert.All(etcdGaps, g => Assert.True(g.Value <= Reshard + ScrapeInterval + ScrapeInterval + ScrapeInterval, $"{g.Key} went unscraped for {g.Value} around the etcd restart"));
            await AssertHitsFollowOwnersAsync(targets, owners, pids, requireAttributed: false);

            // The config store resynced too: a change put after the restart reaches its owner, and only its owner.
            var changedFrom = DateTimeOffset.UtcNow;
            using (var changed = await agent2.PutConfigAsync("00-scrape", ClusterAgent.ScrapeConfig("00-scrape-v2", targets)))
            {
                Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            }

            await WaitChangedTargetAsync(targets, "00-scrape-v2", changedFrom, TimeSpan.FromSeconds(30));
            await Task.Delay(2 * ScrapeInterval);
            var changedScrapers = ClusterHitAnalysis.Scrapers(targets.Hits(changedFrom))["00-scrape-v2"].OfType<int>().Select(p => pids[p]).Distinct().ToList();
            Assert.Equal([owners["00-scrape"]], changedScrapers);
            Log(clock, "done");
        }
        catch
        {
            foreach (var agent in all)
            {
                _output.WriteLine($"--- {agent.Id} output ---\n{Tail(agent.Output)}");
            }

            _output.WriteLine($"--- etcd ---\n{Tail(etcd.Log)}");
            throw;
        }
    }

    private static async Task WaitChangedTargetAsync(ScrapeTargets targets, string target, DateTimeOffset since, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!targets.Hits(since).Any(h => h.Target == target && h.Pid is not null))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{target} not scraped within {timeout} of the change");
            await Task.Delay(200);
        }
    }

    private static ClusterAgent NewAgent(int n, TempDirectory dir, EtcdServer etcd)
    {
        var id = "agent-" + n.ToString(CultureInfo.InvariantCulture);
        var home = dir.Combine(id);
        return new ClusterAgent(id, home, ClusterAgent.EtcdYaml(id, Path.Combine(home, "wal"), etcd.Endpoint, Reshard));
    }

    private static void RememberPids(IEnumerable<ClusterAgent> agents, Dictionary<int, string> pids)
    {
        foreach (var a in agents)
        {
            if (a.Pid is { } pid)
            {
                pids[pid] = a.Id;
            }
        }
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : text[^6000..];

    /// <summary>Waits until every agent's <c>/debug/ring</c> shows <paramref name="members"/> healthy ACTIVE members.</summary>
    private static async Task WaitRingAsync(IReadOnlyList<ClusterAgent> agents, int members, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            var ok = true;
            var views = new List<string>();
            foreach (var agent in agents)
            {
                var ring = await agent.RingAsync();
                views.Add($"{agent.Id}: {string.Join(",", ring.Select(m => $"{m.Id}/{m.State}/{(m.Healthy ? "healthy" : "unhealthy")}"))}");
                ok &= ring.Count(m => m.State == "ACTIVE" && m.Healthy) == members;
            }

            if (ok)
            {
                return;
            }

            last = string.Join("; ", views);
            await Task.Delay(200);
        }

        Assert.Fail($"ring did not show {members} healthy ACTIVE members within {timeout}: {last}");
    }

    /// <summary>
    /// Waits until the agents' targets APIs together list every config exactly once, each target up, and returns
    /// config → agent id.
    /// </summary>
    private async Task<Dictionary<string, string>> WaitExactlyOnceAsync(
        IReadOnlyList<ClusterAgent> agents,
        TimeSpan timeout,
        Stopwatch clock,
        string what,
        string? mustInclude = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            var seen = new List<(string Config, string Agent, string State)>();
            foreach (var agent in agents)
            {
                seen.AddRange((await agent.TargetsAsync()).Select(t => (t.Instance, agent.Id, t.State)));
            }

            var owners = seen.GroupBy(s => s.Config).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            var exactlyOnce = owners.Count == ConfigCount
                && Names.All(owners.ContainsKey)
                && owners.Values.All(o => o.Count == 1 && o[0].State == "up")
                && (mustInclude is null || seen.Any(s => s.Agent == mustInclude));
            if (exactlyOnce)
            {
                Log(clock, $"{what}: {string.Join(", ", agents.Select(a => $"{a.Id}={seen.Count(s => s.Agent == a.Id)}"))}");
                return owners.ToDictionary(o => o.Key, o => o.Value[0].Agent, StringComparer.Ordinal);
            }

            last = $"{owners.Count} configs seen; duplicated: [{string.Join(",", owners.Where(o => o.Value.Count > 1).Select(o => o.Key))}]; "
                + $"not up: [{string.Join(",", owners.Where(o => o.Value.Any(s => s.State != "up")).Select(o => o.Key))}]";
            await Task.Delay(250);
        }

        Assert.Fail($"{what}: configs not scraped exactly once within {timeout}: {last}");
        return [];
    }

    /// <summary>
    /// Over the next three scrape intervals, each target must be hit only by the process of the agent that reports it,
    /// at about the scrape interval (no second scraper doubling the rate).
    /// </summary>
    private static async Task AssertHitsFollowOwnersAsync(ScrapeTargets targets, Dictionary<string, string> owners, Dictionary<int, string> pids, bool requireAttributed)
    {
        var since = DateTimeOffset.UtcNow;
        await Task.Delay(3 * ScrapeInterval + TimeSpan.FromMilliseconds(500));
        var hits = targets.Hits(since);
        var scrapers = ClusterHitAnalysis.Scrapers(hits);
        foreach (var (config, owner) in owners)
        {
            Assert.True(scrapers.TryGetValue(config, out var set), $"{config} was not scraped in 3.5s (owner {owner})");
            var attributed = set.OfType<int>().Select(p => pids.GetValueOrDefault(p, $"pid {p}")).Distinct().ToList();
            Assert.True(attributed.Count <= 1 && (attributed.Count == 0 || attributed[0] == owner), $"{config} owned by {owner} was scraped by [{string.Join(",", attributed)}]");
            if (requireAttributed)
            {
                Assert.True(!set.Contains(null) && attributed.Count == 1, $"{config}: a scrape could not be attributed to an agent process");
            }

            var count = hits.Count(h => h.Target == config);
            Assert.InRange(count, 2, 5);
        }
    }

    private void Log(Stopwatch clock, string message) =>
        _output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1}s] {message}");
}
