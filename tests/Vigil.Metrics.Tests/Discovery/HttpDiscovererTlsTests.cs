using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.Config;
using Vigil.Metrics.Discovery;
using Vigil.Metrics.Discovery.Http;
using Vigil.Metrics.Tests.RemoteWrite;
using Xunit;

namespace Vigil.Metrics.Tests.Sd;

public sealed class HttpDiscovererTlsTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task RefreshAsync_SelfSignedServer_ReachedOnlyWithInsecureSkipVerify(bool insecure, bool reached)
    {
        using var certificate = MiniHttpServer.SelfSignedCertificate();
        using var server = new MiniHttpServer(certificate);
        var metrics = DiscoveryMetrics.Unregistered();
        var config = new HttpSdConfig { Url = $"https://127.0.0.1:{server.Port}/sd", TlsConfig = new TlsConfig { InsecureSkipVerify = insecure } };
        using var discoverer = new HttpDiscoverer(config, metrics, NullLogger.Instance, TimeProvider.System);

        // The mini server answers 204, so the refresh fails either way; what differs is whether the request got through TLS.
        Assert.False(await discoverer.RefreshAsync(_ => { }, CancellationToken.None));

        Assert.Equal(reached, server.RequestLines.Any(l => l.StartsWith("GET /sd ", StringComparison.Ordinal)));
        Assert.Equal(1, metrics.HttpFailures.Value);
    }

    [Fact]
    public async Task RefreshAsync_CaConfigured_TrustsTheServer()
    {
        using var certificate = MiniHttpServer.SelfSignedCertificate();
        using var server = new MiniHttpServer(certificate);
        var config = new HttpSdConfig { Url = $"https://127.0.0.1:{server.Port}/sd", TlsConfig = new TlsConfig { Ca = certificate.ExportCertificatePem() } };
        using var discoverer = new HttpDiscoverer(config, DiscoveryMetrics.Unregistered(), NullLogger.Instance, TimeProvider.System);

        await discoverer.RefreshAsync(_ => { }, CancellationToken.None);

        Assert.Contains(server.RequestLines, l => l.StartsWith("GET /sd ", StringComparison.Ordinal));
    }
}
