using Vigil.TestKit;
using Vigil.TestKit.Peers;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// Issue #5's first fault: the receiver (a real Prometheus) is down for 60 s while samples keep coming. Once it is
/// back, every sample of the outage arrives, in per-series order (Prometheus refuses out-of-order samples with 400,
/// which vigil never retries: a reordering would show up as a gap).
/// </summary>
public sealed class RemoteWriteOutageTests : IDisposable
{
    private const string Metric = "rw_outage";
    private readonly TempDirectory _dir = new("vigil-rw-outage-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReceiverDown60s_SamplesKeepComing_EveryOutageSampleArrivesInOrder()
    {
        await using var prometheus = await PrometheusReceiver.StartAsync();
        await using var agent = await RemoteWriteAgent.StartAsync(_dir.Path, RemoteWriteAgent.RemoteWrite(prometheus.WriteUrl));
        await using var load = new RemoteWriteLoad(Metric, series: 5);
        load.Start(agent.Client);

        await Task.Delay(TimeSpan.FromSeconds(5));

        // The counter restarts with the process: read it before the outage too.
        Assert.Equal(0, await prometheus.ScalarAsync("prometheus_tsdb_out_of_order_samples_total") ?? 0);
        await prometheus.StopAsync();
        var outageStart = load.LastTimestamp;
        await Task.Delay(TimeSpan.FromSeconds(60));
        var outageEnd = load.LastTimestamp;
        await prometheus.RestartAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        await load.StopAsync();

        Assert.Empty(load.Failures);
        var received = await RemoteWriteChecks.WaitForAllAsync(
            prometheus, load, Metric, TimeSpan.FromSeconds(90), () => agent.Output + "\n--- prometheus ---\n" + prometheus.Log);

        // Exactly what was sent: nothing lost, nothing out of order, nothing invented; and the outage really held samples.
        foreach (var (key, sent) in load.Acknowledged)
        {
            Assert.Equal(sent, received[key]);
            Assert.True(sent.Count(s => s.T > outageStart && s.T <= outageEnd) >= 400, $"{key}: too few samples sent during the outage");
        }

        var at = DateTimeOffset.FromUnixTimeMilliseconds(load.LastTimestamp + 1);
        var window = (long)Math.Ceiling((load.LastTimestamp - load.FirstTimestamp) / 1000.0) + 5;
        var counts = await prometheus.QueryAsync($"count_over_time({Metric}[{window}s])", at);
        Assert.Equal(5, counts.GetArrayLength());
        foreach (var item in counts.EnumerateArray())
        {
            Assert.Equal(load.Acknowledged.Values.First().Count.ToString(System.Globalization.CultureInfo.InvariantCulture), item.GetProperty("value")[1].GetString());
        }

        Assert.Equal(0, await prometheus.ScalarAsync("prometheus_tsdb_out_of_order_samples_total") ?? 0);
        Assert.Equal(0, await agent.MetricSumAsync("prometheus_remote_storage_samples_failed_total"));
        Assert.Equal(0, await agent.MetricSumAsync("prometheus_remote_storage_samples_dropped_total"));
        Assert.True(await agent.MetricSumAsync("prometheus_remote_storage_samples_retried_total") > 0, "the outage caused no retry");
    }
}
