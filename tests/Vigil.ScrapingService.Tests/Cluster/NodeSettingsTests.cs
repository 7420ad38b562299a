using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.ScrapingService.Cluster;

namespace Vigil.ScrapingService.Tests.Cluster;

public sealed class NodeSettingsTests
{
    [Theory]
    [InlineData("10.0.0.7", 0, "10.0.0.7:12346")] // port from the gRPC listen address
    [InlineData("10.0.0.7", 9095, "10.0.0.7:9095")]
    [InlineData("::1", 9095, "[::1]:9095")]
    public void From_ExplicitAddress_PortDefaultsToGrpc(string address, int port, string expected)
    {
        var settings = NodeSettings.From(new LifecyclerConfig { Address = address, Port = port }, 12346, "127.0.0.1", NullLogger.Instance);
        Assert.Equal(expected, settings.Address);
    }

    [Fact]
    public void From_NoInterfaceMatches_FallsBackToHost()
    {
        var lifecycler = new LifecyclerConfig { InterfaceNames = ["no-such-nic0"] };
        Assert.Equal("127.0.0.9:7000", NodeSettings.From(lifecycler, 7000, "127.0.0.9", NullLogger.Instance).Address);
    }

    [Fact]
    public void From_Defaults_HostnameIdAndDskitValues()
    {
        var settings = NodeSettings.From(new LifecyclerConfig { Address = "a" }, 1, "b", NullLogger.Instance);
        Assert.Equal(Environment.MachineName, settings.Id);
        Assert.Equal(128, settings.NumTokens);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.HeartbeatPeriod);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.HeartbeatTimeout);
        Assert.True(settings.UnregisterOnShutdown);
    }

    [Fact]
    public void From_ZeroHeartbeatTimeout_MembersNeverStale()
    {
        var lifecycler = new LifecyclerConfig { Address = "a", Ring = new RingConfig { HeartbeatTimeout = Duration.Zero } };
        Assert.True(NodeSettings.From(lifecycler, 1, "b", NullLogger.Instance).HeartbeatTimeout > TimeSpan.FromDays(365));
    }

    [Fact]
    public void Equality_RingStoreChange_MeansRejoin()
    {
        var a = NodeSettings.From(new LifecyclerConfig { Address = "a" }, 1, "b", NullLogger.Instance);
        var same = NodeSettings.From(new LifecyclerConfig { Address = "a" }, 1, "b", NullLogger.Instance);
        var other = NodeSettings.From(
            new LifecyclerConfig { Address = "a", Ring = new RingConfig { KvStore = new KvStoreConfig { Store = KvStoreConfig.StoreEtcd, Prefix = "x/" } } },
            1,
            "b",
            NullLogger.Instance);
        Assert.Equal(a, same);
        Assert.NotEqual(a, other);
    }
}
