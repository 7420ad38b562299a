using System.Globalization;
using Vigil.TestKit;
using Vigil.TestKit.Peers;
using Xunit;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// The differential test of issue 6: the same targets scraped by vigil and by Prometheus 2.42 in agent mode must leave
/// the same series and the same values in one receiver. The targets are a real node_exporter and in-process pages full
/// of format corners; one series and one whole target go away mid-run, and both agents must mark them stale.
/// </summary>
public sealed class DifferentialScrapeTests
{
    private static readonly string[] Jobs =
    [
        "node", "tricky", "notimestamps", "honor", "om", "vanish", "corners",
        "limit-samples", "limit-labels", "limit-name-length", "limit-value-length", "limit-body", "limit-targets", "limit-ok",
    ];

    [Fact]
    public async Task Scrape_SameTargetsInBothAgents_ReceiverHoldsTheSameSeriesAndValues()
    {
        var start = DateTimeOffset.UtcNow;
        var stamp = start.ToUnixTimeMilliseconds() / 1000 * 1000;
        using var files = new TempDirectory("vigil-diff-sd-");
        await using var node = await NodeExporter.StartAsync();
        await using var pages = await ScrapePageServer.StartAsync();
        pages.Set("/tricky", DifferentialPages.Text(stamp, withFlappy: true));
        pages.Set("/om", DifferentialPages.OpenMetrics(stamp), ScrapePageServer.OpenMetricsFormat);
        pages.Set("/honor", DifferentialPages.Honor);
        pages.Set("/vanish", DifferentialPages.Vanish);
        pages.Set("/limits", DifferentialPages.Limits);
        foreach (var (name, (contentType, body)) in DifferentialPages.Corners)
        {
            pages.Set("/corner/" + name, body, contentType);
        }
        var sdFile = files.Combine("vanish.json");
        await File.WriteAllTextAsync(sdFile, $$$"""[{"targets":["{{{pages.Address}}}"],"labels":{"origin":"file"}}]""");

        await using var stack = await DifferentialStack.StartAsync(ScrapeConfigs(node.Address, pages.Address, sdFile));

        // Explicit timestamps from before an agent's WAL watcher started are never sent (both agents skip them), so
        // the stamped pages get a time after the start.
        stamp = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000 * 1000) + 1000;
        pages.Set("/tricky", DifferentialPages.Text(stamp, withFlappy: true));
        pages.Set("/om", DifferentialPages.OpenMetrics(stamp), ScrapePageServer.OpenMetricsFormat);

        // Warm-up: every job of both agents scraped several times and delivered.
        await WaitForAsync(stack, "every job scraped 4 times by both agents", async () =>
        {
            var counts = await DifferentialQueries.ByAgentAsync(stack.Receiver, "count_over_time(up[1m])", DateTimeOffset.UtcNow);
            return counts.Values.All(c => Jobs.All(j => c.Any(kv => kv.Key.Contains($"job=\"{j}\"", StringComparison.Ordinal)
                && double.Parse(kv.Value, CultureInfo.InvariantCulture) >= 4)));
        });

        // One series leaves a page that stays up, and one whole target leaves file_sd.
        pages.Set("/tricky", DifferentialPages.Text(stamp, withFlappy: false));
        await File.WriteAllTextAsync(sdFile, "[]");
        await WaitForAsync(stack, "flappy_gauge and the vanished target stale in both agents", async () =>
        {
            var live = await DifferentialQueries.ByAgentAsync(stack.Receiver, "flappy_gauge or {job=\"vanish\"}", DateTimeOffset.UtcNow);
            return live.Values.All(v => v.Count == 0);
        });

        // Both agents scrape the static pages a few more times after the change and deliver them.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var at = DateTimeOffset.UtcNow;
        var differences = new List<string>();

        // The live series at the end, with their last values: static pages compare values, node_exporter only labels.
        var live = await DifferentialQueries.ByAgentAsync(stack.Receiver, "{__name__=~\".+\"}", at);
        differences.AddRange(DifferentialQueries.Differences("live", live, CompareValue));

        // Every series either agent ever wrote, including those that went stale.
        var everSeen = await DifferentialQueries.SeriesByAgentAsync(stack.Receiver, "{__name__=~\".+\"}", start, at);
        differences.AddRange(DifferentialQueries.Differences("series", everSeen, _ => false));
        foreach (var (agent, series) in live)
        {
            foreach (var stamped in new[] { "{__name__=\"stamped_gauge\",a=\"1\",instance=\"" + pages.Address + "\",job=\"tricky\",team=\"a\"}", "{__name__=\"om_stamped\",instance=\"" + pages.Address + "\",job=\"om\"}" })
            {
                if (!series.ContainsKey(stamped))
                {
                    differences.Add($"{agent} did not deliver the explicitly timestamped {stamped}");
                }
            }
        }

        // honor_timestamps: the page's own time, not the scrape's, for both; honor_timestamps: false the scrape's.
        var times = await DifferentialQueries.ByAgentAsync(stack.Receiver, "timestamp(stamped_gauge{a=\"1\"}) or timestamp(om_stamped)", at);
        var stampSeconds = (stamp / 1000).ToString(CultureInfo.InvariantCulture);
        foreach (var (agent, series) in times)
        {
            if (series.Count != 3)
            {
                differences.Add($"{agent} has {series.Count} stamped series, not 3");
            }

            foreach (var (key, value) in series)
            {
                var honored = !key.Contains("job=\"notimestamps\"", StringComparison.Ordinal);
                if (honored != (value == stampSeconds))
                {
                    differences.Add($"{agent} stored {key} at {value}, the page says {stampSeconds} (honored: {honored})");
                }
            }
        }

        // Both agents wrote the vanished series before they went stale.
        // flappy_gauge is on the page of two jobs.
        foreach (var (selector, expected) in new[] { ("vanish_gauge", 1), ("vanish_other", 1), ("up{job=\"vanish\"}", 1), ("flappy_gauge", 2) })
        {
            var before = await DifferentialQueries.ByAgentAsync(stack.Receiver, $"count_over_time({selector}[2m])", at);
            foreach (var (agent, series) in before)
            {
                if (series.Count != expected)
                {
                    differences.Add($"{agent} wrote {series.Count} series {selector} before it went away, not {expected}");
                }
            }
        }

        // Series added over the whole run: a cache miss per new raw line, the same count for the same pages.
        var added = await DifferentialQueries.ByAgentAsync(stack.Receiver, "sum_over_time(scrape_series_added{job!=\"node\"}[5m])", at);
        differences.AddRange(DifferentialQueries.Differences("series added", added, _ => true));

        // Every limit job trips over its limit (the page and both agents agree above; this checks the page does trip it).
        var limitUp = await DifferentialQueries.ByAgentAsync(stack.Receiver, "up{job=~\"limit-.*\"}", at);
        foreach (var (agent, series) in limitUp)
        {
            var wrong = series.Where(kv => kv.Value != (kv.Key.Contains("job=\"limit-ok\"", StringComparison.Ordinal) ? "1" : "0")).ToList();
            if (series.Count != 8 || wrong.Count > 0)
            {
                differences.Add($"{agent}: the limit jobs are not up only for limit-ok: " + string.Join(", ", series.Select(kv => kv.Key + "=" + kv.Value)));
            }
        }

        // The targets APIs: the same health everywhere, and the limit errors worded alike (parse errors are not: vigil
        // names the line, Prometheus quotes its lexer's token).
        var vigilTargets = await DifferentialTargets.VigilAsync(stack.VigilClient);
        var prometheusTargets = await DifferentialTargets.PrometheusAsync(stack.PrometheusAgent.BaseUri);
        foreach (var (key, (health, error)) in prometheusTargets)
        {
            if (!vigilTargets.TryGetValue(key, out var mine))
            {
                differences.Add($"targets: only prometheus has {key}");
            }
            else if (mine.Health != health || (key.StartsWith("limit-", StringComparison.Ordinal) && mine.Error != error))
            {
                differences.Add($"targets: {key} is {mine.Health} \"{mine.Error}\" in vigil, {health} \"{error}\" in prometheus");
            }
        }

        differences.AddRange(vigilTargets.Keys.Except(prometheusTargets.Keys).Select(k => $"targets: only vigil has {k}"));

        if (differences.Count > 0)
        {
            var targets = await stack.VigilClient.GetStringAsync(new Uri("agent/api/v1/metrics/targets", UriKind.Relative));
            var promTargets = await new HttpClient { BaseAddress = stack.PrometheusAgent.BaseUri }.GetStringAsync(new Uri("api/v1/targets", UriKind.Relative));
            Assert.Fail("vigil and prometheus differ:\n" + string.Join('\n', differences) + "\n--- vigil targets ---\n" + targets +
                "\n--- prometheus targets ---\n" + promTargets + "\n" + stack.Logs);
        }

        Assert.True(pages.Hits("/tricky") > 8, "the pages were scraped");
    }

    /// <summary>
    /// Values of the static pages must be equal; node_exporter's move between scrapes, so only its build info and
    /// <c>up</c> compare; scrape durations never compare.
    /// </summary>
    private static bool CompareValue(string key)
    {
        if (key.StartsWith("{__name__=\"scrape_duration_seconds\"", StringComparison.Ordinal))
        {
            return false;
        }

        if (key.Contains("job=\"node\"", StringComparison.Ordinal))
        {
            return key.StartsWith("{__name__=\"node_exporter_build_info\"", StringComparison.Ordinal)
                || key.StartsWith("{__name__=\"up\"", StringComparison.Ordinal);
        }

        return true;
    }

    private static async Task WaitForAsync(DifferentialStack stack, string what, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"not reached within 40s: {what}\n{stack.Logs}");
    }

    /// <summary>One job, one target per corner page, told apart by <c>instance</c>.</summary>
    private static string CornerJob(string pagesAddress)
    {
        var sb = new System.Text.StringBuilder("- job_name: corners\n  static_configs:\n");
        foreach (var name in DifferentialPages.Corners.Keys)
        {
            sb.Append("    - targets: [\"").Append(pagesAddress).Append("\"]\n")
                .Append("      labels:\n")
                .Append("        instance: ").Append(name).Append('\n')
                .Append("        __metrics_path__: /corner/").Append(name).Append('\n');
        }

        return sb.ToString();
    }

    private static string ScrapeConfigs(string nodeAddress, string pagesAddress, string sdFile) => CornerJob(pagesAddress) + $$"""
        - job_name: node
          static_configs:
            - targets: ["{{nodeAddress}}"]
        - job_name: tricky
          metrics_path: /tricky
          static_configs:
            - targets: ["{{pagesAddress}}"]
              labels:
                team: a
          metric_relabel_configs:
            - source_labels: [__name__]
              regex: drop_me.*
              action: drop
            - source_labels: [__name__, kind]
              regex: renamed_source;(.*)
              target_label: __name__
              replacement: renamed_${1}_target
            - source_labels: [kind]
              regex: (n.*)
              target_label: kind_copy
              replacement: k_$1
        - job_name: notimestamps
          metrics_path: /tricky
          honor_timestamps: false
          static_configs:
            - targets: ["{{pagesAddress}}"]
        - job_name: honor
          metrics_path: /honor
          honor_labels: true
          static_configs:
            - targets: ["{{pagesAddress}}"]
        - job_name: om
          metrics_path: /om
          static_configs:
            - targets: ["{{pagesAddress}}"]
          metric_relabel_configs:
            - source_labels: [__name__]
              regex: om_.*
              action: keep
        - job_name: vanish
          metrics_path: /vanish
          file_sd_configs:
            - files: ["{{sdFile}}"]
              refresh_interval: 2s
        - job_name: limit-samples
          metrics_path: /limits
          sample_limit: 2
          static_configs:
            - targets: ["{{pagesAddress}}"]
        - job_name: limit-labels
          metrics_path: /limits
          label_limit: 5
          static_configs:
            - targets: ["{{pagesAddress}}"]
        - job_name: limit-name-length
          metrics_path: /limits
          label_name_length_limit: 10
          static_configs:
            - targets: ["{{pagesAddress}}"]
        - job_name: limit-value-length
          metrics_path: /limits
          label_value_length_limit: 16
          static_configs:
            - targets: ["{{pagesAddress}}"]
        - job_name: limit-body
          metrics_path: /limits
          body_size_limit: 100B
          static_configs:
            - targets: ["{{pagesAddress}}"]
        - job_name: limit-targets
          metrics_path: /limits
          target_limit: 1
          static_configs:
            - targets: ["{{pagesAddress}}"]
              labels:
                instance: first
            - targets: ["{{pagesAddress}}"]
              labels:
                instance: second
        - job_name: limit-ok
          metrics_path: /limits
          sample_limit: 3
          label_limit: 6
          label_name_length_limit: 15
          label_value_length_limit: 25
          body_size_limit: 1KB
          static_configs:
            - targets: ["{{pagesAddress}}"]

        """;
}
