using System.Diagnostics;
using System.Net;

namespace Vigil.LoadGen;

/// <summary>Runs one measurement: encodes the series, opens the connections, sends for the duration, sums up.</summary>
internal static class LoadGenerator
{
    public static async Task<LoadReport> RunAsync(LoadGenOptions options, CancellationToken cancellationToken)
    {
        var series = new SeriesSet(options.MetricPrefix, options.Series, options.SamplesPerRequest);

        // More connections than chunks would send the same series concurrently and out of order.
        var connections = Math.Min(options.Connections, series.ChunkCount);
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        using var client = new HttpClient(handler) { Timeout = options.Timeout };

        using var receiver = options.ReceiverPid > 0 ? Process.GetProcessById(options.ReceiverPid) : null;
        using var generator = Process.GetCurrentProcess();
        var receiverCpuStart = receiver?.TotalProcessorTime;
        var generatorCpuStart = generator.TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        var pacer = new Pacer(options.Rate, start);
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stopSending.CancelAfter(options.Duration);
        var workers = new ConnectionWorker[connections];
        var runs = new Task[connections];
        for (var w = 0; w < connections; w++)
        {
            workers[w] = new ConnectionWorker(client, options.Url, series, pacer, w, connections);
            var worker = workers[w];
            runs[w] = Task.Run(() => worker.RunAsync(stopSending.Token), CancellationToken.None);
        }

        await Task.WhenAll(runs).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start);
        receiver?.Refresh();
        generator.Refresh();
        var cpu = new CpuUsage(receiver?.TotalProcessorTime - receiverCpuStart, generator.TotalProcessorTime - generatorCpuStart);
        return LoadReport.From(options, connections, elapsed, cpu, workers.Select(w => w.Stats).ToList());
    }
}
