using Vigil.Common.Model;
using Vigil.Metrics.Discovery;
using Vigil.Metrics.Instance;
using Vigil.Metrics.Relabel;

namespace Vigil.Metrics.Tests.Instance;

public sealed class HostFilterTests
{
    private const string Host = "myhost";

    [Theory]
    [InlineData("myhost", true)]
    [InlineData("myhost:9100", true)]
    [InlineData("localhost:9100", true)]
    [InlineData("127.0.0.1:9100", true)]
    [InlineData("otherhost:9100", false)]
    [InlineData("otherhost", false)]
    public void Filter_ByAddress(string address, bool kept)
    {
        var result = Run(Labels.FromStrings("__address__", address));
        Assert.Equal(kept, result);
    }

    [Theory]
    [InlineData("__meta_consul_node")]
    [InlineData("__meta_dockerswarm_node_id")]
    [InlineData("__meta_dockerswarm_node_hostname")]
    [InlineData("__meta_dockerswarm_node_address")]
    [InlineData("__meta_kubernetes_pod_node_name")]
    [InlineData("__meta_kubernetes_node_name")]
    [InlineData("__host__")]
    public void Filter_NodeMetaLabelMatches_Kept(string label)
    {
        Assert.True(Run(Labels.FromStrings("__address__", "10.0.0.1:80", label, Host)));
        Assert.False(Run(Labels.FromStrings("__address__", "10.0.0.1:80", label, "elsewhere")));
    }

    [Fact]
    public void Filter_NoAddress_Kept() => Assert.True(Run(Labels.FromStrings("foo", "bar")));

    [Fact]
    public void Filter_RelabelSetsHost_UsedForCheckOnly()
    {
        var rule = RelabelRule.Compile(new RelabelConfig
        {
            SourceLabels = ["__meta_custom"],
            TargetLabel = "__host__",
        });
        var target = Labels.FromStrings("__address__", "10.0.0.1:80", "__meta_custom", Host);
        var group = new TargetGroup("g", [target], Labels.Empty);

        var result = HostFilter.Filter([group], Host, [rule]);

        Assert.Equal([target], result[0].Targets);
    }

    private static bool Run(Labels target)
    {
        var result = HostFilter.Filter([new TargetGroup("g", [target], Labels.Empty)], Host, []);
        return result[0].Targets.Count == 1;
    }
}
