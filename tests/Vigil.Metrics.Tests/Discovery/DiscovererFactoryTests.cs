using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.Config;
using Vigil.Metrics.Discovery;
using Vigil.Metrics.Discovery.Dns;
using Vigil.Metrics.Discovery.File;
using Vigil.Metrics.Discovery.Http;
using Vigil.Metrics.Discovery.Static;
using Xunit;

namespace Vigil.Metrics.Tests.Sd;

public sealed class DiscovererFactoryTests
{
    [Fact]
    public void Create_EverySdBlock_OneDiscovererEachStaticLast()
    {
        var config = new ScrapeConfig
        {
            JobName = "j",
            DnsSdConfigs = [new DnsSdConfig { Names = ["x"] }],
            FileSdConfigs = [new FileSdConfig { Files = ["/tmp/none-*.json"] }],
            HttpSdConfigs = [new HttpSdConfig { Url = "http://127.0.0.1:1/sd" }],
            StaticConfigs = [new StaticConfig { Targets = ["a:1"] }, new StaticConfig { Targets = ["b:1"] }],
        };

        var discoverers = DiscovererFactory.Create(config, DiscoveryMetrics.Unregistered(), NullLogger.Instance, TimeProvider.System);

        Assert.Collection(
            discoverers,
            d => Assert.IsType<DnsDiscoverer>(d),
            d => Assert.IsType<FileDiscoverer>(d),
            d => Assert.IsType<HttpDiscoverer>(d),
            d => Assert.Equal(["0", "1"], Assert.IsType<StaticDiscoverer>(d).Groups.Select(g => g.Source)));
        foreach (var d in discoverers.OfType<IDisposable>())
        {
            d.Dispose();
        }
    }

    [Fact]
    public void Create_NoSdBlock_OneEmptyStaticGroupSoTheJobIsStillSynced()
    {
        var discoverers = DiscovererFactory.Create(new ScrapeConfig { JobName = "j" }, DiscoveryMetrics.Unregistered(), NullLogger.Instance, TimeProvider.System);

        var group = Assert.Single(Assert.IsType<StaticDiscoverer>(Assert.Single(discoverers)).Groups);
        Assert.Equal("0", group.Source);
        Assert.Empty(group.Targets);
    }
}
