using Vigil.Common.Yaml;
using Vigil.Metrics.Config;

namespace Vigil.Metrics.Tests.Config;

public sealed class RingPrefixTests
{
    [Theory]
    [InlineData("ring:\n  kvstore:\n    store: etcd\n    etcd:\n      endpoints: [127.0.0.1:2379]\n", "collectors/")]
    [InlineData("ring:\n  kvstore:\n    store: inmemory\n    prefix: custom/\n", "custom/")]
    [InlineData("ring: {}\n", "collectors/")]
    [InlineData("{}\n", "collectors/")]
    public void RingKvStore_WithoutPrefix_KeepsTheRingDefault(string yaml, string expected)
    {
        var lifecycler = VigilYaml.Deserialize<LifecyclerConfig>(yaml) ?? new LifecyclerConfig();
        Assert.Equal(expected, lifecycler.Ring.KvStore.Prefix);
    }

    [Fact]
    public void ConfigStoreKvStore_WithoutPrefix_KeepsConfigurations()
    {
        var kv = VigilYaml.Deserialize<KvStoreConfig>("store: inmemory\n")!;
        Assert.Equal("configurations/", kv.Prefix);
    }
}
