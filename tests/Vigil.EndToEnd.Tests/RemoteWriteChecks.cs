using System.Text;
using Vigil.TestKit.Peers;

namespace Vigil.EndToEnd.Tests;

/// <summary>Waits for what a <see cref="RemoteWriteLoad"/> got acknowledged to show up in the Prometheus receiver, and says what is missing.</summary>
internal static class RemoteWriteChecks
{
    /// <summary>
    /// Polls the receiver's raw samples of <paramref name="metric"/> until every acknowledged sample is there, and
    /// returns them; after <paramref name="timeout"/> throws with the gaps.
    /// </summary>
    public static async Task<Dictionary<string, List<(long T, double V)>>> WaitForAllAsync(
        PrometheusReceiver receiver, RemoteWriteLoad load, string metric, TimeSpan timeout, Func<string>? context = null)
    {
        var expected = load.Acknowledged;
        Assert.NotEmpty(expected);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(load.LastTimestamp + 1);
        var range = TimeSpan.FromMilliseconds(load.LastTimestamp - load.FirstTimestamp) + TimeSpan.FromSeconds(5);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Dictionary<string, List<(long T, double V)>> received;
            try
            {
                received = await receiver.RawSamplesAsync(metric, range, at);
            }
            catch (HttpRequestException)
            {
                // The receiver is restarting; ask again.
                received = [];
            }

            var missing = Missing(expected, received);
            if (missing.Length == 0)
            {
                return received;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"after {timeout} samples are still missing at the receiver:\n{missing}\n{context?.Invoke()}");
            }

            await Task.Delay(500);
        }
    }

    /// <summary>Every acknowledged sample not in <paramref name="received"/>, per series, first few listed; empty when none.</summary>
    public static string Missing(Dictionary<string, List<(long T, double V)>> expected, Dictionary<string, List<(long T, double V)>> received)
    {
        var sb = new StringBuilder();
        foreach (var (key, samples) in expected)
        {
            var got = received.TryGetValue(key, out var list) ? list.ToHashSet() : [];
            var missing = samples.Where(s => !got.Contains(s)).ToList();
            if (missing.Count > 0)
            {
                sb.Append(key).Append(": ").Append(missing.Count).Append(" of ").Append(samples.Count).Append(" missing, e.g. ")
                    .AppendJoin(' ', missing.Take(5).Select(s => $"{s.V}@{s.T}")).Append('\n');
            }
        }

        return sb.ToString();
    }
}
