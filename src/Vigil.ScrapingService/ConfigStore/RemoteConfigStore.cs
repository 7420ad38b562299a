using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Vigil.Metrics.Config;
using Vigil.ScrapingService.Kv;

namespace Vigil.ScrapingService.ConfigStore;

/// <summary>
/// Instance configs kept in a KV store under a prefix (Grafana Agent <c>configstore.Remote</c>). Put enforces that no
/// other stored config uses the same <c>job_name</c>, and writes with compare-and-swap so that two agents writing at
/// once cannot lose an update or slip a duplicate job past the check.
/// </summary>
public sealed class RemoteConfigStore(IKvStore kv, ILogger logger) : IAsyncDisposable
{
    private const int CasAttempts = 10;

    public IKvStore Kv => kv;

    /// <summary>The stored config names, sorted.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await kv.ListAsync(string.Empty, cancellationToken).ConfigureAwait(false)).Where(e => e.Value.Length > 0).Select(e => e.Key)];

    /// <summary>The stored config; <see cref="ConfigNotFoundException"/> when absent.</summary>
    public async Task<InstanceConfig> GetAsync(string name, CancellationToken cancellationToken)
    {
        var entry = await kv.GetAsync(name, cancellationToken).ConfigureAwait(false);
        var config = entry is null ? null : ConfigCodec.Decode(entry.Value);
        return config ?? throw new ConfigNotFoundException(name);
    }

    /// <summary>Stores <paramref name="config"/> under <paramref name="name"/>; true when it was created, false when updated.</summary>
    public async Task<bool> PutAsync(string name, InstanceConfig config, CancellationToken cancellationToken)
    {
        var value = ConfigCodec.Encode(config);
        var jobs = JobNames(config);
        for (var attempt = 0; attempt < CasAttempts; attempt++)
        {
            var all = await kv.ListAsync(string.Empty, cancellationToken).ConfigureAwait(false);
            long version = 0;
            var existed = false;
            foreach (var entry in all)
            {
                if (entry.Key == name)
                {
                    // An empty value is Grafana Agent's deleted marker: writing over it creates the config.
                    version = entry.Version;
                    existed = entry.Value.Length > 0;
                    continue;
                }

                var other = TryDecode(entry);
                if (other is null)
                {
                    continue;
                }

                foreach (var job in JobNames(other))
                {
                    if (jobs.Contains(job))
                    {
                        throw new ConfigNotUniqueException(job);
                    }
                }
            }

            if (await kv.PutAsync(name, value, version, cancellationToken).ConfigureAwait(false))
            {
                return !existed;
            }

            // Someone else wrote this key between our read and our write: read again and re-check.
        }

        throw new IOException($"could not store configuration {name}: it kept changing during {CasAttempts} attempts");
    }

    /// <summary>Deletes the config; <see cref="ConfigNotFoundException"/> when absent.</summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (!await kv.DeleteAsync(name, IKvStore.AnyVersion, cancellationToken).ConfigureAwait(false))
        {
            throw new ConfigNotFoundException(name);
        }
    }

    /// <summary>Every stored config that <paramref name="keep"/> accepts; unreadable values are logged and skipped.</summary>
    public async Task<IReadOnlyList<(string Name, InstanceConfig Config)>> AllAsync(Func<string, bool> keep, CancellationToken cancellationToken)
    {
        var result = new List<(string, InstanceConfig)>();
        foreach (var entry in await kv.ListAsync(string.Empty, cancellationToken).ConfigureAwait(false))
        {
            if (keep(entry.Key) && TryDecode(entry) is { } config)
            {
                result.Add((entry.Key, config));
            }
        }

        return result;
    }

    /// <summary>
    /// Changes to stored configs from now on: the config, or null when it was deleted (or overwritten with Grafana Agent's
    /// empty "deleted" marker). Values that cannot be decoded are logged and skipped. Best-effort, like the store's watch:
    /// consumers also list periodically.
    /// </summary>
    public async IAsyncEnumerable<(string Name, InstanceConfig? Config)> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in kv.WatchAsync(string.Empty, cancellationToken).ConfigureAwait(false))
        {
            if (e.Value is null || e.Value.Length == 0)
            {
                yield return (e.Key, null);
            }
            else if (TryDecode(new KvEntry(e.Key, e.Value, 0)) is { } config)
            {
                yield return (e.Key, config);
            }
        }
    }

    public ValueTask DisposeAsync() => kv.DisposeAsync();

    private InstanceConfig? TryDecode(KvEntry entry)
    {
        try
        {
            return ConfigCodec.Decode(entry.Value);
        }
        catch (Exception e) when (e is InvalidDataException or Common.Yaml.YamlConfigException)
        {
            logger.LogError("skipping unreadable stored config {key}: {err}", entry.Key, e.Message);
            return null;
        }
    }

    private static HashSet<string> JobNames(InstanceConfig config) =>
        [.. config.ScrapeConfigs.Where(sc => sc is not null).Select(sc => sc!.JobName)];
}
