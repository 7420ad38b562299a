using Vigil.TestKit;
using Vigil.TestKit.Peers;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// The sender suite's Ordering case: a slow receiver (2 s per request) and several shards sending at once. Per series,
/// samples arrive in strictly increasing timestamp order, none twice, none lost.
/// </summary>
public sealed class RemoteWriteOrderingTests : IDisposable
{
    private const int Series = 40;
    private readonly TempDirectory _dir = new("vigil-rw-ordering-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task SlowReceiverSeveralShards_ManySeries_PerSeriesTimestampsStrictlyIncreasing()
    {
        const string metric = "rw_ordering";
        await using var receiver = await ScriptedReceiver.StartAsync(_ => new ScriptedReply(204, TimeSpan.FromSeconds(2)));
        await using var agent = await RemoteWriteAgent.StartAsync(
            _dir.Path, RemoteWriteAgent.RemoteWrite(receiver.Url, queueExtra: "min_shards: 4\nmax_shards: 4\nmax_samples_per_send: 100"));
        await using var load = new RemoteWriteLoad(metric, Series);
        load.Start(agent.Client);
        await Task.Delay(TimeSpan.FromSeconds(5));
        await load.StopAsync();
        Assert.Empty(load.Failures);

        var expected = load.Acknowledged;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        string missing;
        do
        {
            await Task.Delay(500);
            missing = RemoteWriteChecks.Missing(expected, RemoteWriteScripted.AcceptedSamples(receiver.Requests));
        }
        while (missing.Length > 0 && DateTime.UtcNow < deadline);

        Assert.True(missing.Length == 0, $"samples never arrived:\n{missing}\n{agent.Output}");

        // Requests are recorded in arrival order; per series the timestamps across them only go up.
        var requests = receiver.Requests;
        var received = RemoteWriteScripted.AcceptedSamples(requests.OrderBy(r => r.Index));
        Assert.Equal(Series, received.Count);
        foreach (var (key, samples) in received)
        {
            for (var i = 1; i < samples.Count; i++)
            {
                Assert.True(samples[i].T > samples[i - 1].T, $"{key}: {samples[i].V}@{samples[i].T} arrived after {samples[i - 1].V}@{samples[i - 1].T}");
            }

            Assert.Equal(expected[key], samples);
        }

        // Several shards really were sending at once: some request arrived while another was still being answered.
        var overlapping = requests.Zip(requests.Skip(1)).Count(p => p.Second.ArrivedAt - p.First.ArrivedAt < TimeSpan.FromSeconds(1.5));
        Assert.True(overlapping > 0, "no two requests were in flight together");
    }
}
