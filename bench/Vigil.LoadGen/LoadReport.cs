using System.Diagnostics;
using System.Globalization;

namespace Vigil.LoadGen;

/// <summary>The figures of one run, printed one <c>key=value</c> per line so scripts can grep them.</summary>
internal sealed class LoadReport
{
    private LoadReport(IReadOnlyList<KeyValuePair<string, string>> figures, IReadOnlyDictionary<int, string> firstErrors)
    {
        Figures = figures;
        FirstErrors = firstErrors;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Figures { get; }

    /// <summary>The first error text per status; 0 stands for transport errors.</summary>
    public IReadOnlyDictionary<int, string> FirstErrors { get; }

    public long SamplesAccepted => long.Parse(Get("samples_accepted_total"), CultureInfo.InvariantCulture);

    public long Errors =>
        long.Parse(Get("non_2xx_total"), CultureInfo.InvariantCulture) + long.Parse(Get("transport_errors_total"), CultureInfo.InvariantCulture);

    public static LoadReport From(LoadGenOptions options, int connections, TimeSpan elapsed, CpuUsage cpu, IReadOnlyList<ConnectionStats> stats)
    {
        var seconds = elapsed.TotalSeconds;
        var requests = stats.Sum(s => s.Requests);
        var accepted = stats.Sum(s => s.SamplesAccepted);
        var nonSuccess = new SortedDictionary<int, long>();
        var firstErrors = new SortedDictionary<int, string>();
        foreach (var s in stats)
        {
            foreach (var (status, count) in s.NonSuccess)
            {
                nonSuccess[status] = nonSuccess.GetValueOrDefault(status) + count;
            }

            foreach (var (status, text) in s.FirstErrors)
            {
                firstErrors.TryAdd(status, text);
            }
        }

        var latencies = new long[stats.Sum(s => s.Latencies.Count)];
        var offset = 0;
        foreach (var s in stats)
        {
            s.Latencies.Ticks.CopyTo(latencies.AsSpan(offset));
            offset += s.Latencies.Count;
        }

        Array.Sort(latencies);

        var figures = new List<KeyValuePair<string, string>>
        {
            new("url", options.Url.ToString()),
            new("series", Int(options.Series)),
            new("samples_per_request", Int(options.SamplesPerRequest)),
            new("connections", Int(connections)),
            new("rate_target", Num(options.Rate)),
            new("duration_seconds", Num(seconds)),
            new("requests_total", Int(requests)),
            new("requests_accepted_total", Int(stats.Sum(s => s.AcceptedRequests))),
            new("samples_sent_total", Int(stats.Sum(s => s.SamplesSent))),
            new("samples_accepted_total", Int(accepted)),
            new("bytes_sent_total", Int(stats.Sum(s => s.BytesSent))),
            new("accepted_samples_per_second", Num(seconds > 0 ? accepted / seconds : 0)),
            new("requests_per_second", Num(seconds > 0 ? requests / seconds : 0)),
            new("non_2xx_total", Int(nonSuccess.Values.Sum())),
        };
        foreach (var (status, count) in nonSuccess)
        {
            figures.Add(new("non_2xx_status_" + Int(status), Int(count)));
        }

        figures.Add(new("transport_errors_total", Int(stats.Sum(s => s.TransportErrors))));
        figures.Add(new("latency_ms_p50", Num(LatencyRecorder.PercentileMs(latencies, 0.50))));
        figures.Add(new("latency_ms_p90", Num(LatencyRecorder.PercentileMs(latencies, 0.90))));
        figures.Add(new("latency_ms_p99", Num(LatencyRecorder.PercentileMs(latencies, 0.99))));
        figures.Add(new("latency_ms_max", Num(LatencyRecorder.PercentileMs(latencies, 1.0))));
        figures.Add(new("encode_seconds_total", Num(stats.Sum(s => s.EncodeTicks) / (double)Stopwatch.Frequency)));
        figures.Add(new("generator_cpu_seconds", Num(cpu.Generator.TotalSeconds)));
        if (cpu.Receiver is { } receiver)
        {
            figures.Add(new("receiver_cpu_seconds", Num(receiver.TotalSeconds)));
            figures.Add(new("receiver_cpu_seconds_per_million_samples", Num(accepted > 0 ? receiver.TotalSeconds * 1e6 / accepted : 0)));
        }

        return new LoadReport(figures, firstErrors);
    }

    public string Get(string key) => Figures.First(f => f.Key == key).Value;

    public void WriteTo(TextWriter output)
    {
        foreach (var (key, value) in Figures)
        {
            output.WriteLine(key + "=" + value);
        }
    }

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Num(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
