using System.Net;
using Vigil.TestKit;

namespace Vigil.Server.Tests.Api;

/// <summary>
/// Contract tests of <c>GET /agent/api/v1/metrics/instances</c> and its deprecated alias (static-mode.md §1.4): the
/// JSON envelope byte for byte, names sorted, <c>[]</c> (never null) when there are none.
/// </summary>
public sealed class MetricsApiInstancesTests : IDisposable
{
    private readonly TempDirectory _wal = new("vigil-instances-api-");

    public void Dispose() => _wal.Dispose();

    [Theory]
    [InlineData("/agent/api/v1/metrics/instances")]
    [InlineData("/agent/api/v1/instances")]
    public async Task Instances_NoConfigs_EmptyArray(string route)
    {
        await using var agent = await RunningAgent.StartAsync($"metrics:\n  wal_directory: {_wal.Path}\n");
        using var response = await agent.Client.GetAsync(route);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{\"status\":\"success\",\"data\":[]}", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/agent/api/v1/metrics/instances")]
    [InlineData("/agent/api/v1/instances")]
    public async Task Instances_TwoConfigs_SortedNames(string route)
    {
        await using var agent = await RunningAgent.StartAsync(
            $"metrics:\n  wal_directory: {_wal.Path}\n  configs:\n  - name: foo\n  - name: bar\n");
        using var response = await agent.Client.GetAsync(route);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{\"status\":\"success\",\"data\":[\"bar\",\"foo\"]}", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("POST", "/agent/api/v1/metrics/instances")]
    [InlineData("DELETE", "/agent/api/v1/instances")]
    public async Task Instances_OtherMethod_405(string method, string route)
    {
        await using var agent = await RunningAgent.StartAsync($"metrics:\n  wal_directory: {_wal.Path}\n");
        using var response = await agent.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), route));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
