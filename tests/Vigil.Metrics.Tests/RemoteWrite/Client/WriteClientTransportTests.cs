using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.Metrics.RemoteWrite.Client;

namespace Vigil.Metrics.Tests.RemoteWrite.Client;

public sealed class WriteClientTransportTests
{
    private static readonly byte[] Body = [0x00];

    [Fact]
    public async Task StoreAsync_TlsWithConfiguredCa_Succeeds()
    {
        using var certificate = MiniHttpServer.SelfSignedCertificate();
        using var server = new MiniHttpServer(certificate);
        var config = Https(server);
        config.TlsConfig.Ca = certificate.ExportCertificatePem();
        using var client = new WriteClient(config, "tls");

        var outcome = await client.StoreAsync(Body, 0, CancellationToken.None);

        Assert.Equal(WriteOutcomeKind.Success, outcome.Kind);
        Assert.Equal("POST /api/v1/write HTTP/1.1", Assert.Single(server.RequestLines));
    }

    [Fact]
    public async Task StoreAsync_TlsWithUnknownCa_IsRecoverableAndSendsNothing()
    {
        using var certificate = MiniHttpServer.SelfSignedCertificate();
        using var other = MiniHttpServer.SelfSignedCertificate();
        using var server = new MiniHttpServer(certificate);
        var config = Https(server);
        config.TlsConfig.Ca = other.ExportCertificatePem();
        using var client = new WriteClient(config, "tls");

        var outcome = await client.StoreAsync(Body, 0, CancellationToken.None);

        Assert.Equal(WriteOutcomeKind.Recoverable, outcome.Kind);
        Assert.Empty(server.RequestLines);
    }

    [Fact]
    public async Task StoreAsync_TlsInsecureSkipVerify_Succeeds()
    {
        using var certificate = MiniHttpServer.SelfSignedCertificate();
        using var server = new MiniHttpServer(certificate);
        var config = Https(server);
        config.TlsConfig.InsecureSkipVerify = true;
        using var client = new WriteClient(config, "tls");

        var outcome = await client.StoreAsync(Body, 0, CancellationToken.None);

        Assert.Equal(WriteOutcomeKind.Success, outcome.Kind);
    }

    [Fact]
    public async Task StoreAsync_ProxyUrl_SendsThroughProxy()
    {
        using var proxy = new MiniHttpServer();
        var config = new RemoteWriteConfig
        {
            Url = new ConfigUrl("http://receiver.invalid:9999/push"),
            ProxyUrl = new ConfigUrl($"http://127.0.0.1:{proxy.Port}"),
        };
        using var client = new WriteClient(config, "proxied");

        var outcome = await client.StoreAsync(Body, 0, CancellationToken.None);

        Assert.Equal(WriteOutcomeKind.Success, outcome.Kind);
        Assert.Equal("POST http://receiver.invalid:9999/push HTTP/1.1", Assert.Single(proxy.RequestLines));
    }

    [Fact]
    public async Task StoreAsync_HostInNoProxy_GoesDirect()
    {
        using var proxy = new MiniHttpServer();
        using var receiver = new FakeReceiver();
        var config = WriteClientTests.Config(receiver);
        config.ProxyUrl = new ConfigUrl($"http://127.0.0.1:{proxy.Port}");
        config.NoProxy = "example.com,127.0.0.1";
        using var client = new WriteClient(config, "direct");

        var outcome = await client.StoreAsync(Body, 0, CancellationToken.None);

        Assert.Equal(WriteOutcomeKind.Success, outcome.Kind);
        Assert.Single(receiver.Requests);
        Assert.Empty(proxy.RequestLines);
    }

    private static RemoteWriteConfig Https(MiniHttpServer server) =>
        new() { Url = new ConfigUrl($"https://127.0.0.1:{server.Port}/api/v1/write") };
}
