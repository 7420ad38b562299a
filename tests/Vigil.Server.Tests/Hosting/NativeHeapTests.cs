using System.Runtime.InteropServices;
using Vigil.Server.Hosting;

namespace Vigil.Server.Tests.Hosting;

public sealed class NativeHeapTests
{
    [Fact]
    public void Trim_OnGlibcLinux_Runs()
    {
        // CI and the supported machines are Debian (glibc): the trim must really happen there, not fall back silently.
        var glibc = OperatingSystem.IsLinux() && RuntimeInformation.RuntimeIdentifier.StartsWith("linux-", StringComparison.Ordinal)
            && !RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal);
        Assert.Equal(glibc, NativeHeap.Trim());
        Assert.Equal(glibc, NativeHeap.Trim());
    }
}
