using Microsoft.Extensions.Logging;
using Prometheus;
using Vigil.Common.Model;
using Vigil.Metrics.Config;
using Vigil.Metrics.RemoteWrite;
using Vigil.Metrics.RemoteWrite.Client;
using Vigil.Metrics.RemoteWrite.Watcher;

namespace Vigil.Metrics.Instance;

/// <summary>
/// One running remote_write of an instance: its client, queue manager and the WAL watcher feeding it from its
/// savepoint. Built whole and stopped whole: a changed remote_write config replaces the queue, and the new one resumes
/// from the savepoint the old one left, so nothing is skipped.
/// </summary>
internal sealed class RemoteQueue
{
    private readonly WriteClient _client;
    private readonly QueueManagerMetrics _metrics;
    private readonly WatcherMetrics _watcherMetrics;

    private RemoteQueue(string hash, WriteClient client, QueueManagerMetrics metrics, WatcherMetrics watcherMetrics, QueueManager queue, QueueWatcher watcher)
    {
        Hash = hash;
        _client = client;
        _metrics = metrics;
        _watcherMetrics = watcherMetrics;
        Queue = queue;
        Watcher = watcher;
    }

    /// <summary>The content hash of the config, with the external labels: equal hashes need no restart.</summary>
    public string Hash { get; }

    public QueueManager Queue { get; }

    public QueueWatcher Watcher { get; }

    public static RemoteQueue Start(string walDir, RemoteWriteConfig config, Labels externalLabels, string hash, IMetricFactory factory, InstanceOptions options, ILogger logger, Func<ulong, Labels, Labels>? sharedLabels = null)
    {
        var name = config.Name;
        var client = new WriteClient(config, name, options.Time);
        var metrics = new QueueManagerMetrics(factory, name, config.Url?.Value ?? string.Empty);
        var watcherMetrics = new WatcherMetrics(factory, name);
        var queue = new QueueManager(name, config, externalLabels, client, metrics, WriteRelabeler.For(config.WriteRelabelConfigs), options.Time, logger, sharedLabels);
        queue.Start();
        var watcher = QueueWatcher.ForQueue(walDir, queue, options.Time, options.SavepointInterval, options.WatcherPollInterval, logger, watcherMetrics);
        try
        {
            watcher.Start();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // An unreadable savepoint must not silently restart from "now": the instance fails and is restarted.
            _ = queue.StopAsync(TimeSpan.Zero);
            client.Dispose();
            metrics.Dispose();
            watcherMetrics.Dispose();
            throw;
        }

        return new RemoteQueue(hash, client, metrics, watcherMetrics, queue, watcher);
    }

    /// <summary>Stops reading the WAL, flushes for at most <paramref name="flushDeadline"/>, saves the savepoint.</summary>
    public async Task StopAsync(TimeSpan flushDeadline)
    {
        await Watcher.StopAsync(flushDeadline).ConfigureAwait(false);
        await Queue.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
        _metrics.Dispose();
        _watcherMetrics.Dispose();
    }
}
