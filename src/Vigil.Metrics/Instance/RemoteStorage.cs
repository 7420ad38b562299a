using Microsoft.Extensions.Logging;
using Prometheus;
using Vigil.Common.Model;
using Vigil.Common.Yaml;
using Vigil.Metrics.Config;

namespace Vigil.Metrics.Instance;

/// <summary>
/// The remote_write queues of one instance, keyed by remote_write name. Applying a config keeps the queues whose
/// config and external labels are unchanged and replaces the others; every queue reads the instance WAL on its own.
/// </summary>
internal sealed class RemoteStorage
{
    private readonly string _walDir;
    private readonly IMetricFactory _factory;
    private readonly InstanceOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile IReadOnlyDictionary<string, RemoteQueue> _queues = new Dictionary<string, RemoteQueue>();
    private readonly TimeSpan _flushDeadline;
    private readonly Func<ulong, Labels, Labels>? _sharedLabels;

    public RemoteStorage(string walDir, IMetricFactory factory, InstanceOptions options, ILogger logger, TimeSpan flushDeadline, Func<ulong, Labels, Labels>? sharedLabels = null)
    {
        _walDir = walDir;
        _sharedLabels = sharedLabels;
        _factory = factory;
        _options = options;
        _logger = logger;
        _flushDeadline = flushDeadline;
    }

    public int Count => _queues.Count;

    public IReadOnlyDictionary<string, RemoteQueue> Queues => _queues;

    /// <summary>
    /// The lowest, over all queues, of the highest timestamp the endpoint acknowledged (Prometheus'
    /// LowestSentTimestamp); null without queues. A queue that has sent nothing yet counts as 0.
    /// </summary>
    public long? LowestAcknowledgedTimestamp()
    {
        var queues = _queues;
        if (queues.Count == 0)
        {
            return null;
        }

        var lowest = long.MaxValue;
        foreach (var q in queues.Values)
        {
            lowest = Math.Min(lowest, q.Queue.HighestAcknowledgedTimestamp);
        }

        return lowest;
    }

    /// <summary>The oldest WAL segment some queue still has to read; <see cref="int.MaxValue"/> without queues.</summary>
    public int NeededSegment()
    {
        var needed = int.MaxValue;
        foreach (var q in _queues.Values)
        {
            needed = Math.Min(needed, q.Watcher.NeededSegment);
        }

        return needed;
    }

    public async Task ApplyAsync(IReadOnlyList<RemoteWriteConfig?> configs, Labels externalLabels)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var current = _queues;
            var next = new Dictionary<string, RemoteQueue>(StringComparer.Ordinal);
            var stop = new List<RemoteQueue>();
            var started = new List<RemoteQueue>();
            try
            {
                foreach (var config in configs)
                {
                    if (config is null)
                    {
                        continue;
                    }

                    var hash = VigilYaml.Serialize(config, scrubSecrets: false) + "\n" + externalLabels;
                    if (current.TryGetValue(config.Name, out var existing) && existing.Hash == hash)
                    {
                        next[config.Name] = existing;
                        continue;
                    }

                    if (existing is not null)
                    {
                        // The old queue must save its savepoint before the new one reads it.
                        await existing.StopAsync(_flushDeadline).ConfigureAwait(false);
                        stop.Add(existing);
                    }

                    var queue = RemoteQueue.Start(_walDir, config, externalLabels, hash, _factory, _options, _logger, _sharedLabels);
                    started.Add(queue);
                    next[config.Name] = queue;
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                // Only a savepoint that cannot be read fails a start. What was already replaced stays stopped; the
                // caller fails the instance, which restarts it after the backoff.
                foreach (var q in started)
                {
                    await q.StopAsync(TimeSpan.Zero).ConfigureAwait(false);
                }

                _queues = current.Where(kv => !stop.Contains(kv.Value)).ToDictionary(StringComparer.Ordinal);
                throw;
            }

            foreach (var (name, queue) in current)
            {
                if (!next.ContainsKey(name))
                {
                    await queue.StopAsync(_flushDeadline).ConfigureAwait(false);
                }
            }

            _queues = next;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Flushes every queue for at most the flush deadline and saves their savepoints.</summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_queues.Values.Select(q => q.StopAsync(_flushDeadline))).ConfigureAwait(false);
            _queues = new Dictionary<string, RemoteQueue>();
        }
        finally
        {
            _gate.Release();
        }
    }
}
