using Vigil.TestKit;
using Vigil.TestKit.Peers;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// Issue #5's third fault (and the sender suite's Retries500/Retries400): the receiver answers 500 to the first request
/// and 400 to a later one. The 500 batch is retried until it lands; the 400 batch is dropped, seen exactly once, and
/// counted in <c>prometheus_remote_storage_samples_failed_total</c>.
/// </summary>
public sealed class RemoteWriteRetryTests : IDisposable
{
    private const int BadRequestIndex = 4;
    private readonly TempDirectory _dir = new("vigil-rw-retry-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Status500ThenStatus400_FirstRetriedUntilItLands_SecondNeverRetriedAndCountedFailed()
    {
        const string metric = "rw_retry";
        await using var receiver = await ScriptedReceiver.StartAsync(i => i switch
        {
            0 => new ScriptedReply(500, Body: "try again"),
            BadRequestIndex => new ScriptedReply(400, Body: "out of bounds"),
            _ => ScriptedReply.NoContent,
        });

        // One shard: requests go one after the other, so the indexes above are batches in order.
        await using var agent = await RemoteWriteAgent.StartAsync(
            _dir.Path, RemoteWriteAgent.RemoteWrite(receiver.Url, queueExtra: "min_shards: 1\nmax_shards: 1"));
        await using var load = new RemoteWriteLoad(metric, series: 3);
        load.Start(agent.Client);
        await receiver.WaitForAsync(r => r.Count > BadRequestIndex + 2, TimeSpan.FromSeconds(30));
        await load.StopAsync();
        var acknowledged = load.Acknowledged;

        var requests = receiver.Requests;
        var first = RemoteWriteScripted.Samples(requests[0]);
        var rejected = RemoteWriteScripted.Samples(requests[BadRequestIndex]);
        Assert.Equal(500, requests[0].Status);
        Assert.Equal(400, requests[BadRequestIndex].Status);
        Assert.NotEmpty(first);
        Assert.NotEmpty(rejected);

        // Everything but the 400 batch lands, the 500 batch included.
        var rejectedSet = rejected.SelectMany(kv => kv.Value.Select(s => (kv.Key, s))).ToHashSet();
        var expected = acknowledged.ToDictionary(
            kv => kv.Key, kv => kv.Value.Where(s => !rejectedSet.Contains((kv.Key, s))).ToList(), StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string missing;
        do
        {
            await Task.Delay(300);
            missing = RemoteWriteChecks.Missing(expected, RemoteWriteScripted.AcceptedSamples(receiver.Requests));
        }
        while (missing.Length > 0 && DateTime.UtcNow < deadline);

        Assert.True(missing.Length == 0, $"samples never landed:\n{missing}\n{agent.Output}");
        var accepted = RemoteWriteScripted.AcceptedSamples(receiver.Requests);
        foreach (var (key, samples) in first)
        {
            Assert.All(samples, s => Assert.Contains(s, accepted[key]));
        }

        // The 400 batch was seen once: none of its samples is in any other request.
        foreach (var request in receiver.Requests.Where(r => r.Index != BadRequestIndex))
        {
            foreach (var (key, samples) in RemoteWriteScripted.Samples(request))
            {
                Assert.DoesNotContain(samples, s => rejectedSet.Contains((key, s)));
            }
        }

        var failed = RemoteWriteScripted.SampleCount(requests[BadRequestIndex]);
        Assert.Equal(failed, await agent.MetricSumAsync("prometheus_remote_storage_samples_failed_total"));
        Assert.True(await agent.MetricSumAsync("prometheus_remote_storage_samples_retried_total") >= RemoteWriteScripted.SampleCount(requests[0]));
    }

    [Fact]
    public async Task Status429WithRetryAfter_SameBatchRetriedAfterTheServersDelay()
    {
        await using var receiver = await ScriptedReceiver.StartAsync(i => i == 0 ? new ScriptedReply(429, RetryAfter: "2") : ScriptedReply.NoContent);
        await using var agent = await RemoteWriteAgent.StartAsync(
            _dir.Path, RemoteWriteAgent.RemoteWrite(receiver.Url, queueExtra: "min_shards: 1\nmax_shards: 1"));
        await using var load = new RemoteWriteLoad("rw_retry_after", series: 2);
        load.Start(agent.Client);
        await receiver.WaitForAsync(r => r.Count >= 2, TimeSpan.FromSeconds(30));
        await load.StopAsync();

        var requests = receiver.Requests;
        Assert.True(requests[1].ArrivedAt - requests[0].ArrivedAt >= TimeSpan.FromSeconds(1.9), $"retried after {requests[1].ArrivedAt - requests[0].ArrivedAt}");
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.Null(requests[0].Header("Retry-Attempt"));
        Assert.Equal("1", requests[1].Header("Retry-Attempt"));
    }

    [Fact]
    public async Task Status500Repeatedly_RetriedWithDoublingBackoff()
    {
        const int failures = 4;
        await using var receiver = await ScriptedReceiver.StartAsync(i => i < failures ? new ScriptedReply(500) : ScriptedReply.NoContent);
        await using var agent = await RemoteWriteAgent.StartAsync(
            _dir.Path, RemoteWriteAgent.RemoteWrite(receiver.Url, queueExtra: "min_shards: 1\nmax_shards: 1"));
        await using var load = new RemoteWriteLoad("rw_backoff", series: 1);
        load.Start(agent.Client);
        await receiver.WaitForAsync(r => r.Count > failures, TimeSpan.FromSeconds(30));
        await load.StopAsync();

        // min_backoff 100ms doubling: at least 100, 200, 400, 800 ms between the attempts (a busy machine only adds).
        var requests = receiver.Requests;
        for (var i = 1; i <= failures; i++)
        {
            var gap = requests[i].ArrivedAt - requests[i - 1].ArrivedAt;
            var least = TimeSpan.FromMilliseconds(100 * (1 << (i - 1)) * 0.9);
            Assert.True(gap >= least, $"attempt {i} came {gap.TotalMilliseconds} ms after the one before; the backoff is {least.TotalMilliseconds / 0.9} ms");
            Assert.Equal(requests[0].Body, requests[i].Body);
        }

        Assert.True(requests[failures].Accepted);
    }
}
