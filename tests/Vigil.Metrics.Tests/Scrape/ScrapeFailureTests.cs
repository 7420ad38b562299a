using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.Metrics.Relabel;
using Vigil.Metrics.Scrape;
using Vigil.TestKit.Peers;
using static Vigil.Metrics.Tests.Scrape.ScrapeSetup;

namespace Vigil.Metrics.Tests.Scrape;

/// <summary>Bad targets and exceeded limits: the scrape fails with up 0 and Prometheus' error text, and nothing else suffers.</summary>
public sealed class ScrapeFailureTests
{
    public static TheoryData<string, string> Failures => new()
    {
        { "status", "server returned HTTP status 503 Service Unavailable" },
        { "slow", "Get \"http://{addr}/metrics\": context deadline exceeded" },
        { "invalid page", "line 1: " },
        { "duplicate label", "label name \"b\" is not unique: invalid sample" },
        { "invalid name", "invalid metric name or label names" },
        { "body limit", "body size limit exceeded" },
        { "body limit gzip", "body size limit exceeded" },
        { "endless body limited", "body size limit exceeded" },
        { "endless body", "context deadline exceeded" },
        { "sample limit", "sample limit exceeded" },
        { "label limit", "label_limit exceeded (metric: a, number of labels: 4, limit: 3)" },
        { "label name length", "label_name_length_limit exceeded (metric: a, label name: long_label, length: 10, limit: 9)" },
        { "label value length", "label_value_length_limit exceeded (metric: a, label name: long_label, value: \"vvvvvvvvvvvvvvvvvvvvvvvvv\", length: 25, limit: 20)" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Scrape_BadTargetOrLimit_FailsWithUpZeroAndError(string name, string expectedError)
    {
        using var target = new TestTarget("a{long_label=\"vvvvvvvvvvvvvvvvvvvvvvvvv\"} 1\nb 2\n");
        using var good = new TestTarget("good 1\n");
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        var job = Job("bad", target.Address);
        if (name == "invalid name")
        {
            job.MetricRelabelConfigs = [new RelabelConfig { TargetLabel = "__name__", Replacement = "0bad" }];
        }

        Setup(name, target, job);
        await manager.ApplyConfigAsync([job, Job("good", good.Address)], CancellationToken.None);
        var error = expectedError.Replace("{addr}", target.Address, StringComparison.Ordinal);

        // The first scrape of a cold process may time out on a busy machine; wait for the error the case is about.
        var status = await ScrapedTargetAsync(manager, "bad", t => t.LastError.StartsWith(error, StringComparison.Ordinal));
        await storage.WaitUntilAsync(s => s.Samples().Any(x => x.Name == "up" && x.Labels.Get("job") == "bad"), what: "bad reported");
        await storage.WaitUntilAsync(s => s.Series("up").Any(u => u.Labels.Get("job") == "good" && u.V == 1), what: "good scraped");

        Assert.Equal(TargetHealth.Down, status.Health);
        Assert.All(storage.Series("up").Where(u => u.Labels.Get("job") == "bad"), u => Assert.Equal(0, u.V));
        Assert.DoesNotContain(storage.Samples(), s => s.Name is "a" or "b" or "endless_metric" or "0bad");
    }

    [Fact]
    public async Task Scrape_Unreachable_ConnectionRefused()
    {
        var port = FreePort.Next();
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        await manager.ApplyConfigAsync([Job("gone", $"127.0.0.1:{port}")], CancellationToken.None);
        var status = await ScrapedTargetAsync(manager, "gone");

        Assert.Equal(TargetHealth.Down, status.Health);
        Assert.Equal($"Get \"http://127.0.0.1:{port}/metrics\": dial tcp 127.0.0.1:{port}: connect: connection refused", status.LastError);
    }

    [Fact]
    public async Task Sync_TargetLimitExceeded_EveryTargetFails()
    {
        using var one = new TestTarget("a 1\n");
        using var two = new TestTarget("a 1\n");
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        var job = Job("limited", one.Address, two.Address);
        job.TargetLimit = 1;
        await manager.ApplyConfigAsync([job], CancellationToken.None);
        await storage.WaitUntilAsync(s => s.Series("up").Select(u => u.Labels.Get("instance")).Distinct().Count() == 2, what: "both reported");

        var targets = manager.ActiveTargets()["limited"];
        Assert.Equal(2, targets.Count);
        Assert.All(targets, t => Assert.Equal("target_limit exceeded (number of targets: 2, limit: 1)", t.LastError));
        Assert.All(storage.Series("up"), u => Assert.Equal(0, u.V));
        Assert.Equal(0, one.Requests + two.Requests);
    }

    [Theory]
    [InlineData(0u, 2)]
    [InlineData(1u, 1)]
    public async Task Sync_RelabelDropsTargets_KeptAsDroppedUpToTheLimit(uint keep, int expected)
    {
        using var target = new TestTarget("a 1\n");
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        var job = Job("dropping", target.Address, "127.0.0.1:1", "127.0.0.1:2");
        job.KeepDroppedTargets = keep;
        job.RelabelConfigs = [new RelabelConfig { SourceLabels = ["__address__"], Regex = "127\\.0\\.0\\.1:[12]", Action = "drop" }];
        await manager.ApplyConfigAsync([job], CancellationToken.None);
        await ScrapedTargetAsync(manager, "dropping");

        var dropped = manager.DroppedTargets()["dropping"];
        Assert.Equal(expected, dropped.Count);
        Assert.All(dropped, d => Assert.True(d.Dropped));
        Assert.StartsWith("127.0.0.1:", dropped[0].DiscoveredLabels.Get("__address__"), StringComparison.Ordinal);
    }

    private static void Setup(string name, TestTarget t, ScrapeConfig c)
    {
        switch (name)
        {
            case "status":
                t.Status = 503;
                break;
            case "slow":
                t.Delay = TimeSpan.FromSeconds(3);
                break;
            case "invalid page":
                t.Body = "a{b=\"c\" 1\n";
                break;
            case "duplicate label":
                t.Body = "a{b=\"c\",b=\"d\"} 1\n";
                break;
            case "invalid name":
                t.Body = "a{b=\"c\"} 1\n";
                break;
            case "body limit":
                c.BodySizeLimit = new ByteSize(10);
                break;
            case "body limit gzip":
                t.Gzip = true;
                c.BodySizeLimit = new ByteSize(10);
                break;
            case "endless body limited":
                t.Endless = true;
                c.BodySizeLimit = new ByteSize(1 << 20);
                break;
            case "endless body":
                t.Endless = true;
                break;
            case "sample limit":
                c.SampleLimit = 1;
                break;
            case "label limit":
                c.LabelLimit = 3;
                break;
            case "label name length":
                c.LabelNameLengthLimit = 9;
                break;
            case "label value length":
                c.LabelValueLengthLimit = 20;
                break;
            default:
                throw new ArgumentException(name, nameof(name));
        }
    }
}
