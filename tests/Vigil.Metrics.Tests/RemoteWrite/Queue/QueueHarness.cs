using Prometheus;
using Vigil.Common.Model;
using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.Metrics.RemoteWrite;
using Vigil.Metrics.RemoteWrite.Client;

namespace Vigil.Metrics.Tests.RemoteWrite.Queue;

/// <summary>A queue manager wired to its own metrics registry and a client for <paramref name="url"/>.</summary>
internal sealed class QueueHarness : IAsyncDisposable
{
    public QueueHarness(RemoteWriteConfig config, Labels? externalLabels = null, IWriteRelabeler? relabeler = null, string name = "q")
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        Metrics = new QueueManagerMetrics(Prometheus.Metrics.WithCustomRegistry(Registry), name, config.Url!.Value);
        Client = new WriteClient(config, name);
        Queue = new QueueManager(name, config, externalLabels ?? Labels.Empty, Client, Metrics, relabeler);
        Queue.Start();
    }

    public CollectorRegistry Registry { get; }

    public QueueManagerMetrics Metrics { get; }

    public WriteClient Client { get; }

    public QueueManager Queue { get; }

    public static RemoteWriteConfig Config(Uri url, int shards = 1, int batch = 10, int deadlineMs = 50, int capacity = 0) => new()
    {
        Url = new ConfigUrl(url.ToString()),
        QueueConfig = new QueueConfig
        {
            MinShards = shards,
            MaxShards = shards,
            MaxSamplesPerSend = batch,
            Capacity = capacity > 0 ? capacity : batch * 10,
            BatchSendDeadline = new PromDuration(TimeSpan.FromMilliseconds(deadlineMs)),
            MinBackoff = new PromDuration(TimeSpan.FromMilliseconds(10)),
            MaxBackoff = new PromDuration(TimeSpan.FromMilliseconds(100)),
        },
    };

    public async Task<string> ExpositionAsync()
    {
        using var stream = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await Queue.DisposeAsync();
        Client.Dispose();
        Metrics.Dispose();
    }
}
