using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.Metrics.Scrape;
using Vigil.Metrics.Tests.RemoteWrite;
using static Vigil.Metrics.Tests.Scrape.ScrapeSetup;

namespace Vigil.Metrics.Tests.Scrape;

/// <summary>The http client options of a scrape config, applied to the scrape requests.</summary>
public sealed class ScrapeHttpClientTests
{
    [Theory]
    [InlineData("basic", "Basic dXNlcjpwYXNz")]
    [InlineData("authorization", "Custom c3cr3t")]
    [InlineData("bearer", "Bearer tok")]
    public async Task Scrape_Credentials_SentInAuthorizationHeader(string kind, string expected)
    {
        using var target = new TestTarget("a 1\n");
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        var job = Job("auth", target.Address);
        switch (kind)
        {
            case "basic":
                job.BasicAuth = new BasicAuth { Username = "user", Password = new Secret("pass") };
                break;
            case "authorization":
                job.Authorization = new Authorization { Type = "Custom", Credentials = new Secret("c3cr3t") };
                break;
            default:
                job.BearerToken = new Secret("tok");
                break;
        }

        await manager.ApplyConfigAsync([job], CancellationToken.None);
        await ScrapedTargetAsync(manager, "auth", t => t.Health == TargetHealth.Up);

        Assert.Equal(expected, target.LastRequest!.Headers["Authorization"]);
    }

    [Theory]
    [InlineData(true, "")]
    [InlineData(false, "server returned HTTP status 302 Found")]
    public async Task Scrape_Redirect_FollowedOnlyWithFollowRedirects(bool follow, string expectedError)
    {
        using var target = new TestTarget("a 1\n") { RedirectTo = "/elsewhere" };
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        var job = Job("redirect", target.Address);
        job.FollowRedirects = follow;
        await manager.ApplyConfigAsync([job], CancellationToken.None);
        var status = await ScrapedTargetAsync(manager, "redirect", t => t.LastError == expectedError);

        Assert.Equal(follow ? TargetHealth.Up : TargetHealth.Down, status.Health);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Scrape_SelfSignedTls_ReachedOnlyWithInsecureSkipVerify(bool insecure)
    {
        using var certificate = MiniHttpServer.SelfSignedCertificate();
        using var server = new MiniHttpServer(certificate);
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        var job = Job("tls", $"127.0.0.1:{server.Port}");
        job.Scheme = "https";
        job.TlsConfig = new TlsConfig { InsecureSkipVerify = insecure };
        await manager.ApplyConfigAsync([job], CancellationToken.None);
        var status = await ScrapedTargetAsync(manager, "tls", t => t.LastError.Length > 0 && !t.LastError.Contains("deadline", StringComparison.Ordinal));

        // The mini server answers 204: reaching it at all is what TLS verification decides.
        Assert.Equal(insecure, status.LastError == "server returned HTTP status 204 No Content");
        Assert.StartsWith($"https://127.0.0.1:{server.Port}/metrics", status.ScrapeUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_ProxyUrl_RequestGoesThroughTheProxy()
    {
        using var proxy = new MiniHttpServer();
        var storage = new RecordingStorage();
        await using var manager = Manager(storage);
        var job = Job("proxied", "scrape-target.invalid:9100");
        job.ProxyUrl = new ConfigUrl($"http://127.0.0.1:{proxy.Port}");
        await manager.ApplyConfigAsync([job], CancellationToken.None);
        var status = await ScrapedTargetAsync(manager, "proxied", t => t.LastError.Length > 0);

        Assert.Contains(proxy.RequestLines, l => l.StartsWith("GET http://scrape-target.invalid:9100/metrics ", StringComparison.Ordinal));
        Assert.Equal("server returned HTTP status 204 No Content", status.LastError);
    }
}
