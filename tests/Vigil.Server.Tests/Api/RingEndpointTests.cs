using System.Net;
using System.Text.Json;
using Vigil.TestKit;

namespace Vigil.Server.Tests.Api;

/// <summary><c>GET /debug/ring</c> on a real in-process host: Grafana Agent's plain 404 when off, the ring in JSON when on.</summary>
public sealed class RingEndpointTests : IDisposable
{
    private readonly TempDirectory _wal = new();

    public void Dispose() => _wal.Dispose();

    [Fact]
    public async Task DebugRing_ScrapingServiceOff_404PlainText()
    {
        await using var agent = await RunningAgent.StartAsync($"metrics:\n  wal_directory: {_wal.Path}\n");
        using var response = await agent.Client.GetAsync("/debug/ring");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("404 page not found\n", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task DebugRing_ScrapingServiceOn_ThisAgentActive()
    {
        await using var agent = await RunningAgent.StartAsync(
            $"metrics:\n  wal_directory: {_wal.Path}\n  scraping_service:\n    enabled: true\n    kvstore:\n      store: inmemory\n"
            + "    lifecycler:\n      id: ring-test\n      ring:\n        kvstore:\n          store: inmemory\n");
        using var doc = await ActiveRingAsync(agent);
        Assert.Equal("ring-test", doc.RootElement.GetProperty("self").GetString());
        var shard = Assert.Single(doc.RootElement.GetProperty("shards").EnumerateArray());
        Assert.Equal("ring-test", shard.GetProperty("id").GetString());
        Assert.Equal("ACTIVE", shard.GetProperty("state").GetString());
        Assert.True(shard.GetProperty("healthy").GetBoolean());
        Assert.Equal(128, shard.GetProperty("num_tokens").GetInt32());
        Assert.Equal(100.0, shard.GetProperty("ownership").GetDouble());
        Assert.False(shard.TryGetProperty("tokens", out _));
    }

    [Fact]
    public async Task DebugRing_TokensTrue_ListsTokens()
    {
        await using var agent = await RunningAgent.StartAsync(
            $"metrics:\n  wal_directory: {_wal.Path}\n  scraping_service:\n    enabled: true\n    kvstore:\n      store: inmemory\n"
            + "    lifecycler:\n      num_tokens: 8\n      ring:\n        kvstore:\n          store: inmemory\n");
        (await ActiveRingAsync(agent)).Dispose();
        using var doc = JsonDocument.Parse(await agent.Client.GetStringAsync("/debug/ring?tokens=true"));
        var shard = Assert.Single(doc.RootElement.GetProperty("shards").EnumerateArray());
        Assert.Equal(8, shard.GetProperty("tokens").GetArrayLength());
    }

    /// <summary>The ring body once this agent shows ACTIVE (the join runs in the background of the start).</summary>
    private static async Task<JsonDocument> ActiveRingAsync(RunningAgent agent)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            using var response = await agent.Client.GetAsync("/debug/ring");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var active = doc.RootElement.GetProperty("shards").EnumerateArray().Any(s => s.GetProperty("state").GetString() == "ACTIVE");
            if (active || DateTime.UtcNow > deadline)
            {
                return doc;
            }

            doc.Dispose();
            await Task.Delay(100);
        }
    }
}
