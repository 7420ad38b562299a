using Vigil.TestKit.Peers;
using Wire = Vigil.Metrics.Tests.RemoteWrite.Proto;

namespace Vigil.EndToEnd.Tests;

/// <summary>Reads what a <see cref="ScriptedReceiver"/> recorded as remote-write requests.</summary>
internal static class RemoteWriteScripted
{
    public static Wire.WriteRequest Decode(RecordedRequest request) => RemoteWriteWire.Decode(request.Body);

    /// <summary>The samples of every request, keyed by series as sent.</summary>
    public static Dictionary<string, List<(long T, double V)>> Samples(RecordedRequest request)
    {
        var result = new Dictionary<string, List<(long T, double V)>>(StringComparer.Ordinal);
        foreach (var ts in Decode(request).Timeseries)
        {
            var key = RemoteWriteWire.Key(ts);
            if (!result.TryGetValue(key, out var list))
            {
                result[key] = list = [];
            }

            list.AddRange(ts.Samples.Select(s => (s.Timestamp, s.Value)));
        }

        return result;
    }

    /// <summary>The samples of the requests answered 2xx, per series, in arrival order.</summary>
    public static Dictionary<string, List<(long T, double V)>> AcceptedSamples(IEnumerable<RecordedRequest> requests)
    {
        var result = new Dictionary<string, List<(long T, double V)>>(StringComparer.Ordinal);
        foreach (var request in requests.Where(r => r.Accepted))
        {
            foreach (var (key, samples) in Samples(request))
            {
                if (!result.TryGetValue(key, out var list))
                {
                    result[key] = list = [];
                }

                list.AddRange(samples);
            }
        }

        return result;
    }

    /// <summary>How many samples a request carried.</summary>
    public static int SampleCount(RecordedRequest request) => Decode(request).Timeseries.Sum(ts => ts.Samples.Count);
}
