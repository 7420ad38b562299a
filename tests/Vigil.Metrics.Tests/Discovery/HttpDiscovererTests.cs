using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Common.Model;
using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.Metrics.Discovery;
using Vigil.Metrics.Discovery.Http;
using Vigil.TestKit.Peers;
using Xunit;

namespace Vigil.Metrics.Tests.Sd;

public sealed class HttpDiscovererTests : IDisposable
{
    private const string GoodBody = """[{"targets": ["a:9100"], "labels": {"env": "prod"}}, {"targets": ["b:1", "c:2"]}]""";

    private readonly SdHttpServer _server = new() { Body = GoodBody };
    private readonly DiscoveryMetrics _metrics = DiscoveryMetrics.Unregistered();
    private readonly List<IReadOnlyList<TargetGroup>> _published = [];

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task RefreshAsync_GoodResponse_GroupsWithUrlSourceAndMetaUrl()
    {
        using var discoverer = Discoverer(new HttpSdConfig { Url = _server.Url });

        Assert.True(await discoverer.RefreshAsync(_published.Add, CancellationToken.None));

        var groups = Assert.Single(_published);
        Assert.Equal([_server.Url + ":0", _server.Url + ":1"], groups.Select(g => g.Source));
        Assert.Equal(Labels.FromStrings("env", "prod", "__meta_url", _server.Url), groups[0].Labels);
        Assert.Equal(["b:1", "c:2"], groups[1].Targets.Select(t => t.Get("__address__")));
    }

    [Fact]
    public async Task RefreshAsync_Request_SendsPrometheusHeadersAndAuthorization()
    {
        using var discoverer = Discoverer(new HttpSdConfig
        {
            Url = _server.Url,
            RefreshInterval = PromDuration.FromSeconds(15),
            Authorization = new Authorization { Type = "Bearer", Credentials = new Secret("tok") },
        });

        await discoverer.RefreshAsync(_published.Add, CancellationToken.None);

        var headers = _server.LastHeaders!;
        Assert.Equal("application/json", headers["Accept"]);
        Assert.Equal("15", headers["X-Prometheus-Refresh-Interval-Seconds"]);
        Assert.Equal("Bearer tok", headers["Authorization"]);
        Assert.StartsWith("Vigil/", headers["User-Agent"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshAsync_BasicAuth_SendsBasicHeader()
    {
        using var discoverer = Discoverer(new HttpSdConfig { Url = _server.Url, BasicAuth = new BasicAuth { Username = "u", Password = new Secret("p") } });

        await discoverer.RefreshAsync(_published.Add, CancellationToken.None);

        Assert.Equal("Basic " + Convert.ToBase64String("u:p"u8.ToArray()), _server.LastHeaders!["Authorization"]);
    }

    [Theory]
    [InlineData(500, "application/json", GoodBody)]
    [InlineData(404, "application/json", GoodBody)]
    [InlineData(200, "text/plain", GoodBody)]
    [InlineData(200, "application/jsonx", GoodBody)]
    [InlineData(200, "application/json", "[{\"targets\": [\"a:1\"]")]
    [InlineData(200, "application/json", "{\"targets\": []}")]
    [InlineData(200, "application/json", "[null]")]
    [InlineData(200, "application/json; charset=utf-8", "[{\"labels\": {\"bad-name\": \"x\"}}]")]
    public async Task RefreshAsync_BadResponseAfterGoodOne_KeepsLastGoodGroupsAndCounts(int status, string contentType, string body)
    {
        using var discoverer = Discoverer(new HttpSdConfig { Url = _server.Url });
        Assert.True(await discoverer.RefreshAsync(_published.Add, CancellationToken.None));

        (_server.Status, _server.ContentType, _server.Body) = (status, contentType, body);

        Assert.False(await discoverer.RefreshAsync(_published.Add, CancellationToken.None));
        Assert.Single(_published);
        Assert.Equal(1, _metrics.HttpFailures.Value);
    }

    [Fact]
    public async Task RefreshAsync_ContentTypeWithCharset_Accepted()
    {
        _server.ContentType = "application/json; charset=utf-8";
        using var discoverer = Discoverer(new HttpSdConfig { Url = _server.Url });

        Assert.True(await discoverer.RefreshAsync(_published.Add, CancellationToken.None));
    }

    [Fact]
    public async Task RefreshAsync_Unreachable_FailsAndCounts()
    {
        using var discoverer = Discoverer(new HttpSdConfig { Url = $"http://127.0.0.1:{FreePort.Next()}/sd" });

        Assert.False(await discoverer.RefreshAsync(_published.Add, CancellationToken.None));
        Assert.Empty(_published);
        Assert.Equal(1, _metrics.HttpFailures.Value);
    }

    [Fact]
    public async Task RefreshAsync_FewerGroupsLater_PublishesOnlyTheNewSet()
    {
        using var discoverer = Discoverer(new HttpSdConfig { Url = _server.Url });
        await discoverer.RefreshAsync(_published.Add, CancellationToken.None);

        _server.Body = """[{"targets": ["only:1"]}]""";
        await discoverer.RefreshAsync(_published.Add, CancellationToken.None);

        Assert.Equal("only:1", Assert.Single(Assert.Single(_published[1]).Targets).Get("__address__"));
    }

    private HttpDiscoverer Discoverer(HttpSdConfig config) => new(config, _metrics, NullLogger.Instance, TimeProvider.System);
}
