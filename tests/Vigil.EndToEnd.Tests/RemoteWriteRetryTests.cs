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
}
