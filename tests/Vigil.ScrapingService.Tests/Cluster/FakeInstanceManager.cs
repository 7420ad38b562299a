using Vigil.Metrics.Config;
using Vigil.Metrics.Instance;

namespace Vigil.ScrapingService.Tests.Cluster;

/// <summary>An instance manager that records calls; names in <see cref="FailApply"/> throw on apply.</summary>
internal sealed class FakeInstanceManager : IInstanceManager
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, InstanceConfig> _running = new(StringComparer.Ordinal);
    private readonly List<string> _applies = [];
    private readonly List<string> _deletes = [];

    public HashSet<string> FailApply { get; } = [];

    public IReadOnlyList<string> Applies
    {
        get
        {
            lock (_lock)
            {
                return [.. _applies];
            }
        }
    }

    public IReadOnlyList<string> Deletes
    {
        get
        {
            lock (_lock)
            {
                return [.. _deletes];
            }
        }
    }

    public IReadOnlyList<string> Running
    {
        get
        {
            lock (_lock)
            {
                return [.. _running.Keys];
            }
        }
    }

    public IReadOnlyList<InstanceConfig> ListConfigs()
    {
        lock (_lock)
        {
            return [.. _running.Values];
        }
    }

    public Task ApplyConfigAsync(InstanceConfig config, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _applies.Add(config.Name);
            if (FailApply.Contains(config.Name))
            {
                throw new InvalidOperationException($"cannot start {config.Name}");
            }

            _running[config.Name] = config;
        }

        return Task.CompletedTask;
    }

    public Task DeleteConfigAsync(string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _deletes.Add(name);
            if (!_running.Remove(name))
            {
                throw new KeyNotFoundException("config does not exist");
            }
        }

        return Task.CompletedTask;
    }
}
