using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Vigil.TestKit.Peers;
using Vigil.TestKit.RemoteWrite;
using Xunit.Abstractions;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// <c>kill -9</c> under receive load: every sample vigil answered 204 for is in its WAL, and the restarted process
/// resumes forwarding from its savepoint, so the receiver ends up with all of them (duplicates allowed, gaps not).
/// </summary>
public sealed class ReceiveCrashTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper _output = output;

    private const int Writers = 4;
    private const int SamplesPerRequest = 5;
    private const string Metric = "receive_crash_sample";

    // 6: past the savepoint interval (5 s), so the restart resumes from a saved position. A kill before the first
    // savepoint (0 here) loses what was acknowledged but not yet forwarded: the watcher then starts at "now".
    [Theory]
    [InlineData(6)]
    public async Task Kill9_UnderReceiveLoad_EveryAcknowledgedSampleDelivered(int secondsBeforePause)
    {
        await using var stack = await ReceiveStack.StartAsync();
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var writers = Enumerable.Range(0, Writers).Select(i => new Writer("w" + i.ToString(CultureInfo.InvariantCulture))).ToArray();

        // Phase 1: load for a while; then the receiver is paused, so that what vigil acknowledges from then on exists
        // only in its WAL; then kill -9.
        int missingAtKill;
        using (var load = new CancellationTokenSource())
        {
            var tasks = writers.Select(w => w.RunAsync(stack.WriteUri, load.Token)).ToArray();
            var running = Stopwatch.StartNew();
            while (writers.Sum(w => w.AcknowledgedRequests) < 200 * Math.Sign(secondsBeforePause) || running.Elapsed < TimeSpan.FromSeconds(secondsBeforePause))
            {
                Assert.True(running.Elapsed < TimeSpan.FromSeconds(30), "the writers got too few 204s before the kill\n" + stack.Diagnostics());
                await Task.Delay(50);
            }

            await stack.SignalReceiverAsync("STOP");
            try
            {
                var paused = writers.Sum(w => w.AcknowledgedSamples);
                while (writers.Sum(w => w.AcknowledgedSamples) < paused + 200)
                {
                    Assert.True(running.Elapsed < TimeSpan.FromSeconds(40), "no 204 while the receiver was paused\n" + stack.Diagnostics());
                    await Task.Delay(50);
                }

                await Task.Delay(500);
                await stack.KillVigilAsync();
                await Task.Delay(200);
                await load.CancelAsync();
                await Task.WhenAll(tasks);
            }
            finally
            {
                await stack.SignalReceiverAsync("CONT");
            }

            var atKill = await stack.Receiver.RawSamplesAsync(Metric, TimeSpan.FromMinutes(5));
            missingAtKill = writers.Sum(w => w.MissingCount(atKill));
        }

        var beforeKill = writers.Sum(w => w.AcknowledgedSamples);
        _output.WriteLine($"{beforeKill} samples acknowledged before the kill; {missingAtKill} of them not at the receiver when vigil died");
        Assert.True(missingAtKill > 0, "every acknowledged sample had already left before the kill: the restart path was not exercised");

        // Phase 2: restart on the same WAL directory and write a little more.
        await stack.StartVigilAsync();
        using (var load = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await Task.WhenAll(writers.Select(w => w.RunAsync(stack.WriteUri, load.Token)));
        }

        Assert.True(writers.Sum(w => w.AcknowledgedSamples) > beforeKill, "no write landed after the restart\n" + stack.Diagnostics());

        // Every acknowledged sample reaches the receiver.
        var at = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        var range = at - DateTimeOffset.FromUnixTimeMilliseconds(t0) + TimeSpan.FromSeconds(10);
        var waitUntil = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        string missing;
        while (true)
        {
            var stored = await stack.Receiver.RawSamplesAsync(Metric, range, at);
            missing = string.Join('\n', writers.Select(w => w.Missing(stored)).Where(m => m.Length > 0));
            if (missing.Length == 0 || DateTime.UtcNow > waitUntil)
            {
                break;
            }

            await Task.Delay(1000);
        }

        Assert.True(missing.Length == 0, $"acknowledged samples missing at the receiver ({beforeKill} acknowledged before the kill):\n{missing}\n{stack.Diagnostics()}");
    }

    /// <summary>One series of numbered samples (the value is the sequence number), one request at a time.</summary>
    private sealed class Writer(string name)
    {
        private readonly ConcurrentQueue<(long From, long To)> _acknowledged = new();
        private long _acknowledgedRequests;
        private long _lastTimestamp;

        public long NextSequence { get; private set; }

        public long AcknowledgedRequests => Interlocked.Read(ref _acknowledgedRequests);

        public long AcknowledgedSamples => _acknowledged.Sum(r => r.To - r.From);

        public async Task RunAsync(Uri writeUri, CancellationToken cancellationToken)
        {
            using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(10) };
            while (!cancellationToken.IsCancellationRequested)
            {
                // Timestamps follow the wall clock (strictly increasing): a resend after the restart carries samples
                // older than the restarted process, as a real one would.
                var from = NextSequence;
                var samples = new (long, double)[SamplesPerRequest];
                for (var i = 0; i < samples.Length; i++)
                {
                    _lastTimestamp = Math.Max(_lastTimestamp + 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                    samples[i] = (_lastTimestamp, from + i);
                }

                NextSequence = from + SamplesPerRequest;
                var body = new WriteRequestBuilder().Series(["__name__", Metric, "writer", name], samples).ToSnappy();
                try
                {
                    using var request = RemoteWriteRequests.Post(ReceiveStack.Instance, body);
                    request.RequestUri = writeUri;
                    using var response = await http.SendAsync(request, CancellationToken.None);
                    if (response.StatusCode == HttpStatusCode.NoContent)
                    {
                        _acknowledged.Enqueue((from, from + SamplesPerRequest));
                        Interlocked.Increment(ref _acknowledgedRequests);
                    }
                }
                catch (TaskCanceledException)
                {
                    // Timed out on a loaded machine: not acknowledged either.
                }
                catch (HttpRequestException)
                {
                    // The process is gone: this request was never acknowledged, so it proves nothing either way.
                    await Task.Delay(20, CancellationToken.None);
                }

                await Task.Delay(2, CancellationToken.None);
            }
        }

        public int MissingCount(IReadOnlyDictionary<string, IReadOnlyList<(long Timestamp, double Value)>> stored)
        {
            var have = Values(stored);
            return _acknowledged.Sum(r => (int)Enumerable.Range((int)r.From, (int)(r.To - r.From)).Count(seq => !have.Contains(seq)));
        }

        /// <summary>The acknowledged sequence numbers the receiver lacks, as text; empty when none.</summary>
        public string Missing(IReadOnlyDictionary<string, IReadOnlyList<(long Timestamp, double Value)>> stored)
        {
            var have = Values(stored);
            var gaps = new List<string>();
            var total = 0L;
            foreach (var (from, to) in _acknowledged.OrderBy(r => r.From))
            {
                for (var seq = from; seq < to; seq++)
                {
                    if (!have.Contains(seq))
                    {
                        total++;
                        if (gaps.Count < 20)
                        {
                            gaps.Add(seq.ToString(CultureInfo.InvariantCulture));
                        }
                    }
                }
            }

            return total == 0
                ? string.Empty
                : $"{name}: {total} of {AcknowledgedSamples} acknowledged samples missing (receiver holds {have.Count}); first: {string.Join(",", gaps)}";
        }

        private HashSet<long> Values(IReadOnlyDictionary<string, IReadOnlyList<(long Timestamp, double Value)>> stored)
        {
            var have = new HashSet<long>();
            if (stored.TryGetValue($"{{__name__=\"{Metric}\",writer=\"{name}\"}}", out var samples))
            {
                foreach (var (_, v) in samples)
                {
                    have.Add((long)v);
                }
            }

            return have;
        }
    }
}
