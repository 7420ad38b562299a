using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Common.Model;
using Vigil.Common.Yaml;
using Vigil.Metrics.Discovery;
using Vigil.Metrics.Discovery.File;
using Vigil.TestKit;
using Xunit;

namespace Vigil.Metrics.Tests.Sd;

public sealed class FileDiscovererTests : IDisposable
{
    private const string GoodJson = """[{"targets": ["a:9100", "b:9100"], "labels": {"env": "prod"}}, {"targets": ["c:80"]}]""";
    private const string GoodYaml = "- targets: ['y:1']\n  labels:\n    team: db\n";

    private readonly TempDirectory _dir = new();
    private readonly DiscoveryMetrics _metrics = DiscoveryMetrics.Unregistered();
    private readonly List<IReadOnlyList<TargetGroup>> _published = [];

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Refresh_JsonAndYamlFilesMatchedByGlob_GroupsWithSourceAndFilepath()
    {
        var json = Write("a.json", GoodJson);
        var yaml = Write("b.yml", GoodYaml);
        Write("ignored.txt", "not matched");

        Discoverer(_dir.Combine("*.json"), _dir.Combine("*.yml")).Refresh(_published.Add);

        var groups = Assert.Single(_published);
        Assert.Equal([json + ":0", json + ":1", yaml + ":0"], groups.Select(g => g.Source));
        Assert.Equal(Labels.FromStrings("env", "prod", "__meta_filepath", json), groups[0].Labels);
        Assert.Equal([Labels.FromStrings("__address__", "a:9100"), Labels.FromStrings("__address__", "b:9100")], groups[0].Targets);
        Assert.Equal(Labels.FromStrings("team", "db", "__meta_filepath", yaml), groups[2].Labels);
        Assert.Equal(0, _metrics.FileReadErrors.Value);
    }

    [Theory]
    [InlineData("t.json", "[{\"targets\": [\"a:1\"]")]
    [InlineData("t.json", "{\"targets\": [\"a:1\"]}")]
    [InlineData("t.json", "[null]")]
    [InlineData("t.json", "[{\"targets\": [\"a:1\"], \"labels\": {\"bad-name\": \"x\"}}]")]
    [InlineData("t.json", "")]
    [InlineData("t.yml", "- targets: ['a:1']\n  unknown: 1\n")]
    [InlineData("t.yml", "- targets: [a:1\n")]
    [InlineData("t.yml", "- targets: ['a:1']\n  labels:\n    0bad: x\n")]
    public void Refresh_FileBecomesBroken_KeepsLastGoodGroupsAndCountsError(string name, string broken)
    {
        var path = Write(name, name.EndsWith(".json", StringComparison.Ordinal) ? GoodJson : GoodYaml);
        var discoverer = Discoverer(_dir.Combine("t.*"));
        discoverer.Refresh(_published.Add);
        var good = Assert.Single(_published);

        Write(name, broken);
        discoverer.Refresh(_published.Add);

        Assert.Single(_published);
        Assert.Equal(1, _metrics.FileReadErrors.Value);
        Assert.All(good, g => Assert.StartsWith(path, g.Source, StringComparison.Ordinal));
    }

    [Fact]
    public void Refresh_BrokenFromTheStart_PublishesNothingForItAndCounts()
    {
        Write("bad.json", "nope");
        Write("good.json", GoodJson);

        Discoverer(_dir.Combine("*.json")).Refresh(_published.Add);

        Assert.Equal(2, Assert.Single(_published).Count);
        Assert.Equal(1, _metrics.FileReadErrors.Value);
    }

    [Fact]
    public void Refresh_FileDeleted_RemovesItsGroupsLikePrometheus()
    {
        var path = Write("a.json", GoodJson);
        Write("b.json", "[{\"targets\": [\"z:1\"]}]");
        var discoverer = Discoverer(_dir.Combine("*.json"));
        discoverer.Refresh(_published.Add);

        System.IO.File.Delete(path);
        discoverer.Refresh(_published.Add);

        Assert.Equal(2, _published.Count);
        Assert.Equal(["z:1"], _published[1].SelectMany(g => g.Targets).Select(t => t.Get("__address__")));
        Assert.Equal(0, _metrics.FileReadErrors.Value);
    }

    [Fact]
    public void Refresh_NothingChanged_DoesNotPublishAgain()
    {
        Write("a.json", GoodJson);
        var discoverer = Discoverer(_dir.Combine("*.json"));

        discoverer.Refresh(_published.Add);
        discoverer.Refresh(_published.Add);

        Assert.Single(_published);
    }

    [Fact]
    public void Refresh_EmptyYamlFile_NoGroupsNoError()
    {
        Write("a.yaml", string.Empty);

        Discoverer(_dir.Combine("*.yaml")).Refresh(_published.Add);

        Assert.Empty(Assert.Single(_published));
        Assert.Equal(0, _metrics.FileReadErrors.Value);
    }

    [Fact]
    public async Task RunAsync_FileRewritten_WatcherTriggersRereadBeforeRefreshInterval()
    {
        Write("a.json", GoodJson);
        var updates = System.Threading.Channels.Channel.CreateUnbounded<IReadOnlyList<TargetGroup>>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var discoverer = Discoverer(_dir.Combine("*.json"));
        var run = discoverer.RunAsync(g => updates.Writer.TryWrite(g), cts.Token);
        Assert.Equal(2, (await updates.Reader.ReadAsync(cts.Token)).Count);

        Write("a.json", "[{\"targets\": [\"new:1\"]}]");

        var next = await updates.Reader.ReadAsync(cts.Token);
        Assert.Equal("new:1", Assert.Single(Assert.Single(next).Targets).Get("__address__"));
        await cts.CancelAsync();
        await run;
    }

    [Theory]
    [InlineData("*.json", "a.json", true)]
    [InlineData("*.json", "a.yml", false)]
    [InlineData("node-?.yml", "node-1.yml", true)]
    [InlineData("node-?.yml", "node-12.yml", false)]
    [InlineData("[ab].json", "b.json", true)]
    [InlineData("[^ab].json", "b.json", false)]
    [InlineData("exact.yaml", "exact.yaml", true)]
    public void GlobPattern_Match_FollowsGoFilepathMatch(string pattern, string file, bool matched)
    {
        Write(file, "[]");

        var found = new GlobPattern(_dir.Combine(pattern)).Match();

        Assert.Equal(matched, found.Contains(_dir.Combine(file)));
    }

    private FileDiscoverer Discoverer(params string[] files) =>
        new(new FileSdConfig { Files = [.. files], RefreshInterval = PromDuration.FromMinutes(60) }, _metrics, NullLogger.Instance, TimeProvider.System);

    private string Write(string name, string content)
    {
        var path = _dir.Combine(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }
}
