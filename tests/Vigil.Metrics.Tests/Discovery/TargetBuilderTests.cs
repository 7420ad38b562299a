using Vigil.Common.Model;
using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.Metrics.Discovery;
using Vigil.Metrics.Discovery.Targets;
using Xunit;

namespace Vigil.Metrics.Tests.Sd;

public sealed class TargetBuilderTests
{
    [Fact]
    public void FromGroup_PlainTarget_DefaultsLikePrometheus()
    {
        var result = Builder("job_name: node\nparams:\n  module: [http_2xx, other]\n").FromGroup(Group(["host:9100"], "env", "prod", "__meta_x", "1"));

        var target = Assert.Single(result.Targets);
        Assert.Equal(
            Labels.FromStrings(
                "__address__", "host:9100", "__metrics_path__", "/metrics", "__scheme__", "http", "__scrape_interval__", "15s",
                "__scrape_timeout__", "10s", "__param_module", "http_2xx", "env", "prod", "job", "node", "instance", "host:9100"),
            target.Labels);
        Assert.Equal("1", target.DiscoveredLabels.Get("__meta_x"));
        Assert.False(target.DiscoveredLabels.Has("instance"));
        Assert.Empty(result.Failures);
    }

    [Theory]
    [InlineData("host", "http", "host:80")]
    [InlineData("host", "https", "host:443")]
    [InlineData("[::1]", "http", "[::1]:80")]
    [InlineData("::1", "http", "::1")]
    [InlineData("host:1234", "https", "host:1234")]
    [InlineData("10.0.0.1", "http", "10.0.0.1:80")]
    public void FromGroup_AddressWithoutPort_PortOfTheSchemeAdded(string address, string scheme, string expected)
    {
        var result = Builder($"job_name: j\nscheme: {scheme}\n").FromGroup(Group([address]));

        var target = Assert.Single(result.Targets);
        Assert.Equal(expected, target.Labels.Get("__address__"));
        Assert.Equal(expected, target.Labels.Get("instance"));
    }

    [Fact]
    public void FromGroup_TargetLabelsOverrideGroupLabelsAndConfigDefaults()
    {
        var group = new TargetGroup(
            "g",
            [Labels.FromStrings("__address__", "a:1", "env", "target", "job", "custom", "__metrics_path__", "/other")],
            Labels.FromStrings("env", "group", "instance", "named"));

        var target = Assert.Single(Builder("job_name: j\n").FromGroup(group).Targets);

        Assert.Equal("target", target.Labels.Get("env"));
        Assert.Equal("custom", target.Labels.Get("job"));
        Assert.Equal("/other", target.Labels.Get("__metrics_path__"));
        Assert.Equal("named", target.Labels.Get("instance"));
    }

    [Fact]
    public void FromGroup_RelabelDrops_KeptAsDroppedWithDiscoveredLabels()
    {
        const string yaml = "job_name: j\nrelabel_configs:\n- source_labels: [__address__]\n  regex: 'skip.*'\n  action: drop\n";

        var result = Builder(yaml).FromGroup(Group(["skip:1", "keep:1"]));

        Assert.Equal(2, result.Targets.Count);
        Assert.True(result.Targets[0].Dropped);
        Assert.Equal("skip:1", result.Targets[0].DiscoveredLabels.Get("__address__"));
        Assert.False(result.Targets[1].Dropped);
    }

    [Fact]
    public void FromGroup_RelabelRewritesAddressFromMeta_InstanceFollowsNewAddress()
    {
        const string yaml = "job_name: j\nrelabel_configs:\n- source_labels: [__meta_port]\n  target_label: __address__\n  replacement: 'svc:$1'\n";

        var target = Assert.Single(Builder(yaml).FromGroup(Group(["x"], "__meta_port", "8080")).Targets);

        Assert.Equal("svc:8080", target.Labels.Get("instance"));
        Assert.False(target.Labels.Has("__meta_port"));
    }

    [Theory]
    [InlineData("- target_label: __address__\n  replacement: ''\n", "no address")]
    [InlineData("- target_label: __address__\n  replacement: 'h/x:1'\n", "\"h/x:1\" is not a valid hostname")]
    [InlineData("- target_label: __scheme__\n  replacement: ftp\n", "invalid scheme: \"http\"")]
    [InlineData("- target_label: __scrape_interval__\n  replacement: 'abc'\n", "error parsing scrape interval")]
    [InlineData("- target_label: __scrape_timeout__\n  replacement: '0s'\n", "scrape timeout cannot be 0")]
    [InlineData("- target_label: __scrape_timeout__\n  replacement: '1m'\n", "scrape timeout cannot be greater than scrape interval (\"1m\" > \"15s\")")]
    public void FromGroup_InvalidAfterRelabel_FailureReportedTargetLeftOut(string rule, string error)
    {
        var result = Builder("job_name: j\nrelabel_configs:\n" + rule).FromGroup(Group(["host"]));

        Assert.Empty(result.Targets);
        var failure = Assert.Single(result.Failures);
        Assert.StartsWith("instance 0 in group g: " + error, failure, StringComparison.Ordinal);
    }

    private static TargetBuilder Builder(string yaml)
    {
        var config = VigilYaml.Deserialize<ScrapeConfig>(yaml)!;
        config.ScrapeInterval = PromDuration.FromSeconds(15);
        config.ScrapeTimeout = PromDuration.FromSeconds(10);
        return new TargetBuilder(config);
    }

    private static TargetGroup Group(string[] addresses, params string[] labels) =>
        TargetGroup.FromAddresses("g", addresses, Labels.FromStrings(labels));
}
