using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Server.Api;
using Vigil.Server.Hosting;

namespace Vigil.Server.Tests.Api;

/// <summary>Contract tests of the <c>/-/*</c> endpoints, 404 and 405, against a real in-process Kestrel.</summary>
public sealed class LifecycleEndpointTests
{
    private const string Yaml = "server:\n  log_level: info\nmetrics:\n  wal_directory: /tmp/vigil-contract-a\n";
    private const string TextPlain = "text/plain; charset=utf-8";

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Healthy_AnyMethod_200(string method)
    {
        await using var agent = await RunningAgent.StartAsync(Yaml);
        using var response = await agent.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/-/healthy"));
        await AssertText(response, HttpStatusCode.OK, "Agent is Healthy.\n");
    }

    [Fact]
    public async Task Ready_AfterConfigApplied_200()
    {
        await using var agent = await RunningAgent.StartAsync(Yaml);
        using var response = await agent.Client.GetAsync("/-/ready");
        await AssertText(response, HttpStatusCode.OK, "Agent is Ready.\n");
    }

    [Fact]
    public async Task Ready_BeforeMetricsApplied_503()
    {
        var instances = new Vigil.Metrics.Instance.InstanceManager(new Vigil.Metrics.Instance.InstanceOptions { WalDirectory = Path.GetTempPath() }, TimeSpan.FromSeconds(5));
        var subsystem = new MetricsSubsystem(instances, new AgentMetrics(), TimeProvider.System, NullLogger<MetricsSubsystem>.Instance);
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        await LifecycleHandlers.Ready(subsystem).ExecuteAsync(context);
        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal(TextPlain, context.Response.ContentType);
        context.Response.Body.Position = 0;
        Assert.Equal("Metrics are not ready yet.\n", await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    [Fact]
    public async Task Config_ReadApiDisabled_404ExactBody()
    {
        await using var agent = await RunningAgent.StartAsync(Yaml);
        using var response = await agent.Client.GetAsync("/-/config");
        await AssertText(response, HttpStatusCode.NotFound, "404 - config endpoint is disabled");
    }

    [Fact]
    public async Task Config_ReadApiEnabled_ShowsEffectiveConfig()
    {
        await using var agent = await RunningAgent.StartAsync(Yaml, "-config.enable-read-api");
        using var response = await agent.Client.GetAsync("/-/config");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("wal_directory: /tmp/vigil-contract-a", body, StringComparison.Ordinal);
        Assert.Contains("log_level: info", body, StringComparison.Ordinal);
        Assert.Contains("log_format: logfmt", body, StringComparison.Ordinal);
        Assert.Contains("wal_cleanup_age: 12h0m0s", body, StringComparison.Ordinal);
        Assert.DoesNotContain("prometheus:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_Secrets_Scrubbed_DefaultsShown()
    {
        const string yaml = """
            metrics:
              wal_directory: /tmp/vigil-contract-secrets
              global:
                remote_write:
                - url: http://127.0.0.1:9009/api/prom/push
                  basic_auth:
                    username: user
                    password: hunter2
                - url: http://127.0.0.1:9010/api/prom/push
                  authorization:
                    credentials: sesame
            """;
        await using var agent = await RunningAgent.StartAsync(yaml, "-config.enable-read-api");
        var body = await agent.Client.GetStringAsync("/-/config");
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("sesame", body, StringComparison.Ordinal);
        Assert.Contains("password: <secret>", body, StringComparison.Ordinal);
        Assert.Contains("credentials: <secret>", body, StringComparison.Ordinal);

        // Defaults applied during validation are shown: the global block's and remote_write's.
        Assert.Contains("scrape_interval: 1m", body, StringComparison.Ordinal);
        Assert.Contains("send_exemplars: true", body, StringComparison.Ordinal);
        Assert.Contains("follow_redirects: true", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcPort_SpeaksHttp2PriorKnowledge()
    {
        await using var agent = await RunningAgent.StartAsync(Yaml);
        using var http2 = new HttpClient
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await http2.GetAsync(new Uri($"http://{agent.Host.GrpcEndPoint}/-/healthy"));
        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task Reload_UnchangedFile_200Empty(string method)
    {
        await using var agent = await RunningAgent.StartAsync(Yaml);
        using var response = await agent.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/-/reload"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Reload_OtherMethods_405(string method)
    {
        await using var agent = await RunningAgent.StartAsync(Yaml);
        using var response = await agent.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/-/reload"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Reload_ChangedFile_AppliesNewConfig()
    {
        await using var agent = await RunningAgent.StartAsync(Yaml, "-config.enable-read-api");
        await agent.RewriteConfigAsync(Yaml.Replace("contract-a", "contract-b", StringComparison.Ordinal).Replace("info", "debug", StringComparison.Ordinal));
        using var response = await agent.Client.PostAsync("/-/reload", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var config = await agent.Client.GetStringAsync("/-/config");
        Assert.Contains("/tmp/vigil-contract-b", config, StringComparison.Ordinal);
        Assert.Contains("log_level: debug", config, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("server:\n  log_level: [\n")]
    [InlineData("server:\n  no_such_key: 1\n")]
    [InlineData("server:\n  log_level: loud\n")]
    [InlineData("logs:\n  configs:\n  - name: a\n")]
    [InlineData("")]
    public async Task Reload_BrokenFile_400AndOldConfigKept(string broken)
    {
        await using var agent = await RunningAgent.StartAsync(Yaml, "-config.enable-read-api");
        await agent.RewriteConfigAsync(broken);
        using var response = await agent.Client.PostAsync("/-/reload", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.Contains("/tmp/vigil-contract-a", await agent.Client.GetStringAsync("/-/config"), StringComparison.Ordinal);
        Assert.Contains("failed to reload config", agent.Log, StringComparison.Ordinal);
        Assert.Contains("agent_config_last_load_successful 0", await agent.Client.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_MissingFile_400()
    {
        await using var agent = await RunningAgent.StartAsync(Yaml);
        File.Delete(agent.ConfigPath);
        using var response = await agent.Client.GetAsync("/-/reload");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no such file or directory", agent.Log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/nope")]
    [InlineData("/-/")]
    [InlineData("/agent/api/v1/nothing")]
    public async Task UnknownPath_404PageNotFound(string path)
    {
        await using var agent = await RunningAgent.StartAsync(Yaml);
        using var response = await agent.Client.GetAsync(path);
        await AssertText(response, HttpStatusCode.NotFound, "404 page not found\n");
    }

    [Fact]
    public async Task Listen_PortZero_LogsChosenPorts()
    {
        await using var agent = await RunningAgent.StartAsync(Yaml);
        Assert.NotEqual(0, agent.Host.HttpEndPoint.Port);
        Assert.NotEqual(0, agent.Host.GrpcEndPoint.Port);
        Assert.Contains($"server listening on addresses {agent.Host.HttpEndPoint} (http) and {agent.Host.GrpcEndPoint} (grpc)", agent.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logging_IsLogfmt()
    {
        await using var agent = await RunningAgent.StartAsync(Yaml);
        var line = agent.Log.Split('\n').First(l => l.Contains("server listening", StringComparison.Ordinal));
        Assert.Matches("^ts=\\S+Z level=info component=AgentHost msg=\"server listening on addresses ", line);
    }

    private static async Task AssertText(HttpResponseMessage response, HttpStatusCode status, string body)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(TextPlain, response.Content.Headers.ContentType?.ToString());
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }
}
