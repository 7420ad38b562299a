using System.Net;
using Vigil.Server.Api;

namespace Vigil.Server.Tests.Api;

public sealed class SelfMetricsEndpointTests
{
    private const string Yaml = "metrics:\n  wal_directory: /tmp/vigil-metrics\n";

    [Fact]
    public async Task Metrics_Default_PrometheusText()
    {
        await using var agent = await RunningAgent.StartAsync(Yaml);
        (await agent.Client.GetAsync("/-/healthy")).Dispose();
        using var response = await agent.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.Matches("agent_build_info\\{version=\"[^\"]+\",revision=\"[^\"]*\",branch=\"[^\"]*\",goversion=\"[^\"]*\",goos=\"linux\",goarch=\"[^\"]+\"\\} 1", body);
        Assert.Contains("agent_request_duration_seconds_count{method=\"GET\",route=\"healthy\",status_code=\"200\",ws=\"false\"} 1", body, StringComparison.Ordinal);
        Assert.Contains("agent_config_last_load_successful 1", body, StringComparison.Ordinal);
        Assert.Contains("process_cpu_seconds_total", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_OpenMetricsAccept_OpenMetrics()
    {
        await using var agent = await RunningAgent.StartAsync(Yaml);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.TryAddWithoutValidation(
            "Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        using var response = await agent.Client.SendAsync(request);
        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("# EOF\n", body, StringComparison.Ordinal);
        Assert.Contains("agent_build_info", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WrongMethod_405()
    {
        await using var agent = await RunningAgent.StartAsync(Yaml);
        using var response = await agent.Client.PostAsync("/metrics", null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_UnknownPath_RouteNotFound()
    {
        await using var agent = await RunningAgent.StartAsync(Yaml);
        (await agent.Client.GetAsync("/does/not/exist")).Dispose();
        var body = await agent.Client.GetStringAsync("/metrics");
        Assert.Contains("route=\"notfound\",status_code=\"404\"", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/-/ready", "ready")]
    [InlineData("/-/healthy", "healthy")]
    [InlineData("/metrics", "metrics")]
    [InlineData("/agent/api/v1/metrics/instance/{instance}/write", "agent_api_v1_metrics_instance_instance_write")]
    [InlineData("/", "root")]
    public void MakeLabelValue_MatchesDskit(string template, string expected) =>
        Assert.Equal(expected, RequestMetricsMiddleware.MakeLabelValue(template));
}
