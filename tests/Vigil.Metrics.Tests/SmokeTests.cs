using Vigil.Metrics.Relabel;

namespace Vigil.Metrics.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void RelabelConfig_Defaults_AreUnset()
    {
        var rc = new RelabelConfig();
        Assert.Null(rc.Action);
        Assert.Equal("(.*)", RelabelConfig.DefaultRegex);
    }
}
