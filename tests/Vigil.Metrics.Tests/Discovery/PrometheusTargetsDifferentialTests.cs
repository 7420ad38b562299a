using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Common.Model;
using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.Metrics.Discovery;
using Vigil.Metrics.Discovery.File;
using Vigil.Metrics.Discovery.Targets;
using Vigil.TestKit;
using Vigil.TestKit.Peers;
using Xunit;

namespace Vigil.Metrics.Tests.Sd;

/// <summary>The same file_sd file and relabel rules given to Prometheus 2.42 and to Vigil give the same targets.</summary>
public sealed class PrometheusTargetsDifferentialTests
{
    private const string SdFile = """
        [
          {"targets": ["127.0.0.1", "127.0.0.2:9", "[::1]"], "labels": {"env": "prod", "__meta_port": "9100"}},
          {"targets": ["localhost:7", "127.0.0.3:8"], "labels": {"drop": "yes"}},
          {"targets": ["127.0.0.4:1"], "labels": {"__scheme__": "https", "instance": "named"}}
        ]
        """;

    private const string Job = """
        job_name: files
        scrape_interval: 1h
        scrape_timeout: 10s
        params:
          module: [m1]
        relabel_configs:
        - source_labels: [drop]
          regex: 'yes'
          action: drop
        - source_labels: [__meta_port]
          target_label: port_copy
        """;

    [Fact]
    public async Task TargetBuilder_FileSdGroups_SameActiveAndDroppedTargetsAsPrometheus()
    {
        using var dir = new TempDirectory();
        var sdPath = dir.Combine("targets.json");
        await System.IO.File.WriteAllTextAsync(sdPath, SdFile);
        var jobYaml = Job + $"\nfile_sd_configs:\n- files: ['{sdPath}']\n";
        await using var prometheus = await PrometheusServer.StartAsync(
            "scrape_configs:\n" + string.Join('\n', jobYaml.Split('\n').Select(l => "  " + l)).Replace("  job_name", "- job_name", StringComparison.Ordinal));

        var config = VigilYaml.Deserialize<ScrapeConfig>(jobYaml)!;
        var groups = new List<IReadOnlyList<TargetGroup>>();
        new FileDiscoverer(config.FileSdConfigs[0]!, DiscoveryMetrics.Unregistered(), NullLogger.Instance, TimeProvider.System).Refresh(groups.Add);
        var ours = Assert.Single(groups).SelectMany(g => new TargetBuilder(config).FromGroup(g).Targets).ToList();

        var (active, dropped) = await WaitForTargetsAsync(prometheus, ours.Count);

        var ourActive = ours.Where(t => !t.Dropped).Select(t => (Visible(t.Labels), t.DiscoveredLabels.ToString())).Order().ToArray();
        var ourDropped = ours.Where(t => t.Dropped).Select(t => t.DiscoveredLabels.ToString()).Order().ToArray();
        Assert.Equal(active.Order().ToArray(), ourActive);
        Assert.Equal(dropped.Order().ToArray(), ourDropped);
        Assert.Equal(4, ourActive.Length);
        Assert.Equal(2, ourDropped.Length);
    }

    private static string Visible(Labels labels) =>
        Labels.FromUnsorted(labels.Where(l => !l.Name.StartsWith("__", StringComparison.Ordinal))).ToString();

    private static async Task<(List<(string Labels, string Discovered)> Active, List<string> Dropped)> WaitForTargetsAsync(PrometheusServer prometheus, int expected)
    {
        using var http = new HttpClient { BaseAddress = prometheus.BaseUri };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/v1/targets?state=any", UriKind.Relative)));
            var data = doc.RootElement.GetProperty("data");
            var active = data.GetProperty("activeTargets").EnumerateArray()
                .Select(t => (ToLabels(t.GetProperty("labels")).ToString(), ToLabels(t.GetProperty("discoveredLabels")).ToString())).ToList();
            var dropped = data.GetProperty("droppedTargets").EnumerateArray()
                .Select(t => ToLabels(t.GetProperty("discoveredLabels")).ToString()).ToList();
            if (active.Count + dropped.Count >= expected || DateTime.UtcNow > deadline)
            {
                return (active, dropped);
            }

            await Task.Delay(250);
        }
    }

    private static Labels ToLabels(JsonElement element) =>
        Labels.FromStrings(element.EnumerateObject().SelectMany(p => new[] { p.Name, p.Value.GetString()! }).ToArray());
}
