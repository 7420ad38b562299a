using Vigil.TestKit;
using Vigil.TestKit.Peers;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// Issue #5's second fault: <c>kill -9</c> of vigil under steady load, then a restart on the same wal_directory. Every
/// sample the receive endpoint answered 204 before the kill reaches the receiver (duplicates are fine, gaps are not).
/// </summary>
public sealed class RemoteWriteCrashTests : IDisposable
{
    private readonly TempDirectory _dir = new("vigil-rw-crash-");

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// The receiver takes re-sent duplicates (an out-of-order window, as a receiver for at-least-once senders is set
    /// up): what vigil re-sends from its savepoint after the crash is harmless, and what it had not sent yet arrives.
    /// </summary>
    [Fact]
    public Task Kill9UnderLoad_RestartOnSameWal_EveryAcknowledgedSampleArrives() =>
        Kill9UnderLoadAsync("rw_crash", TimeSpan.FromHours(1));

    /// <summary>
    /// The same against Prometheus' default TSDB, which refuses a whole request with 400 when one sample is older than
    /// its series' newest: the first batch after the restart mixes re-sent duplicates with samples never sent. The
    /// queue sends such a refused batch again in halves until the duplicates are isolated, so the new samples land.
    /// </summary>
    [Fact]
    public Task Kill9UnderLoad_ReceiverWithoutOutOfOrderWindow_EveryAcknowledgedSampleArrives() =>
        Kill9UnderLoadAsync("rw_crash_strict", outOfOrderWindow: null);

    private async Task Kill9UnderLoadAsync(string metric, TimeSpan? outOfOrderWindow)
    {
        await using var prometheus = await PrometheusReceiver.StartAsync(outOfOrderWindow);
        await using var agent = await RemoteWriteAgent.StartAsync(_dir.Path, RemoteWriteAgent.RemoteWrite(prometheus.WriteUrl));
        await using var load = new RemoteWriteLoad(metric, series: 5);
        load.Start(agent.Client);

        await Task.Delay(TimeSpan.FromSeconds(8));
        await agent.KillAsync();
        var beforeKill = load.AcknowledgedCount;

        // The load keeps knocking while vigil is down; nothing of that is acknowledged.
        await Task.Delay(TimeSpan.FromSeconds(1));
        load.Client = null;
        await agent.RestartAsync();
        load.Client = agent.Client;
        await Task.Delay(TimeSpan.FromSeconds(3));
        await load.StopAsync();

        Assert.True(beforeKill >= 5 * 40, $"only {beforeKill} samples acknowledged before the kill");
        await RemoteWriteChecks.WaitForAllAsync(prometheus, load, metric, TimeSpan.FromSeconds(60), () => agent.Output);
    }

    /// <summary>
    /// A crash while the endpoint has never acknowledged anything: no savepoint was ever written, yet what the WAL holds
    /// must still be sent after the restart instead of being skipped as "older than start".
    /// </summary>
    [Fact]
    public async Task Kill9BeforeFirstAcknowledgement_RestartOnSameWal_EveryAcknowledgedSampleArrives()
    {
        const string metric = "rw_crash_unacked";
        await using var receiver = await ScriptedReceiver.StartAsync(_ => new ScriptedReply(503));
        await using var agent = await RemoteWriteAgent.StartAsync(_dir.Path, RemoteWriteAgent.RemoteWrite(receiver.Url));
        await using var load = new RemoteWriteLoad(metric, series: 2);
        load.Start(agent.Client);

        await Task.Delay(TimeSpan.FromSeconds(3));
        await agent.KillAsync();
        await load.StopAsync();
        Assert.NotEqual(0, load.AcknowledgedCount);
        await receiver.WaitForAsync(r => r.Count > 0, TimeSpan.FromSeconds(30));

        receiver.Respond = _ => ScriptedReply.NoContent;
        await agent.RestartAsync();

        var expected = load.Acknowledged;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string missing;
        do
        {
            await Task.Delay(500);
            missing = RemoteWriteChecks.Missing(expected, RemoteWriteScripted.AcceptedSamples(receiver.Requests));
        }
        while (missing.Length > 0 && DateTime.UtcNow < deadline);

        Assert.True(missing.Length == 0, $"samples acknowledged before the crash never arrived:\n{missing}\n{agent.Output}");
    }
}
