using System.Collections.Concurrent;
using System.Net;
using Vigil.TestKit.Peers;
using Vigil.TestKit.RemoteWrite;
using Xunit.Abstractions;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// 2 000 mutated bodies and two 20 MB ones against one running vigil: only 2xx and 4xx answers, never a 5xx or a
/// dropped connection; the process stays ready, and a valid write afterwards still reaches the receiver.
/// </summary>
public sealed class ReceiveFuzzTests(ITestOutputHelper output)
{
    private const string Marker = "fuzz_valid_marker";

    // Only the marker is forwarded: a fuzzed sample with a timestamp centuries ahead would otherwise move the
    // receiver's head and make it refuse everything after, which would test the receiver, not vigil.
    private const string KeepMarkerOnly = $"""
              write_relabel_configs:
              - source_labels: [__name__]
                regex: {Marker}
                action: keep
        """;

    [Fact]
    public async Task Receive_MutatedBodies_Only4xxAndStillServing()
    {
        await using var stack = await ReceiveStack.StartAsync(KeepMarkerOnly);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4 }) { BaseAddress = stack.Client!.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var bodies = new ConcurrentQueue<(string Kind, byte[] Body)>(ReceiveFuzzBodies.Generate(2000, seed: 20261126).Concat(ReceiveFuzzBodies.Huge(seed: 7)));
        var statuses = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentQueue<string>();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (bodies.TryDequeue(out var item))
            {
                try
                {
                    using var request = RemoteWriteRequests.Post(ReceiveStack.Instance, item.Body);
                    using var response = await http.SendAsync(request);
                    var status = (int)response.StatusCode;
                    statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                    if (status >= 500 || status < 200 || (status >= 300 && status < 400))
                    {
                        failures.Enqueue($"{item.Kind} ({item.Body.Length} bytes): {status} {await response.Content.ReadAsStringAsync()} body={Convert.ToHexString(item.Body.AsSpan(0, Math.Min(item.Body.Length, 64)))}");
                    }
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue($"{item.Kind} ({item.Body.Length} bytes): connection failed: {e.Message}");
                }
            }
        })));

        var summary = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));
        output.WriteLine("statuses: " + summary);
        Assert.True(failures.IsEmpty, $"statuses {summary}; failures:\n{string.Join('\n', failures.Take(20))}\n{stack.Diagnostics()}");
        Assert.Equal(2002, statuses.Values.Sum());
        Assert.True(statuses.ContainsKey(204) && statuses.ContainsKey(400), "the corpus should hold both accepted and refused bodies: " + summary);

        Assert.False(stack.Vigil!.HasExited);
        using (var ready = await http.GetAsync(new Uri("-/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        // A valid write still lands, all the way to the receiver.
        var body = new WriteRequestBuilder().Series(["__name__", Marker, "after", "fuzz"], (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 42)).ToSnappy();
        using (var write = await http.SendAsync(RemoteWriteRequests.Post(ReceiveStack.Instance, body)))
        {
            Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var result = await stack.Receiver.VectorAsync(Marker);
            if (result.Count > 0)
            {
                Assert.Equal(42, result.Single().Value);
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the valid write never reached the receiver\n" + stack.Diagnostics());
            await Task.Delay(250);
        }
    }
}
