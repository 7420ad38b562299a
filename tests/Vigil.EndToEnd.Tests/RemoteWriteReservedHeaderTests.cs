using Vigil.TestKit;
using Vigil.TestKit.Peers;

namespace Vigil.EndToEnd.Tests;

/// <summary>User <c>headers</c> can never override the headers Remote-Write 1.0 reserves: such a config does not start.</summary>
public sealed class RemoteWriteReservedHeaderTests : IDisposable
{
    private readonly TempDirectory _dir = new("vigil-rw-headers-");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("Content-Type", "text/plain")]
    [InlineData("content-encoding", "gzip")]
    [InlineData("User-Agent", "not-vigil")]
    [InlineData("X-Prometheus-Remote-Write-Version", "2.0.0")]
    public async Task Config_ReservedHeader_RefusedAtLoad(string header, string value)
    {
        var config = Path.Combine(_dir.Path, "agent.yaml");
        var remoteWrite = RemoteWriteAgent.RemoteWrite(new Uri("http://127.0.0.1:9/api/v1/write"), $"headers:\n  {header}: {value}");
        await File.WriteAllTextAsync(config, RemoteWriteAgent.Config(_dir.Combine("wal"), remoteWrite));

        var (code, output) = await VigilProcess.RunToExitAsync(["-config.file=" + config], TimeSpan.FromSeconds(60));

        Assert.Equal(1, code);
        Assert.Contains($"{header} is a reserved header. It must not be changed", output, StringComparison.Ordinal);
    }
}
