using Microsoft.Extensions.Logging;
using Prometheus;
using Vigil.Common.Yaml;
using Vigil.Metrics.Config;

namespace Vigil.Metrics.Instance;

/// <summary>
/// Runs one <see cref="MetricsInstance"/> per config (distinct mode). An unchanged config is left alone; a dynamic change
/// is applied in place; a change of an immutable field stops the instance and starts a new one on the same WAL. An
/// instance whose run fails is restarted after <see cref="RestartBackoff"/> and counted as an abnormal exit.
/// </summary>
public sealed class InstanceManager : IInstanceManager, IAsyncDisposable
{
    private InstanceOptions _options;
    private readonly ILogger _logger;
    private readonly InstanceManagerMetrics _metrics;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, ManagedInstance> _instances = new(StringComparer.Ordinal);
    private volatile bool _stopped;

    public InstanceManager(InstanceOptions options, TimeSpan restartBackoff)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = options.LoggerFactory.CreateLogger("metrics.instance_manager");
        _metrics = new InstanceManagerMetrics(options.Metrics ?? Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        RestartBackoff = restartBackoff;
    }

    /// <summary><c>metrics.instance_restart_backoff</c>; applies to the next restart.</summary>
    public TimeSpan RestartBackoff { get; set; }

    public InstanceOptions Options => _options;

    /// <summary>True when every instance finished starting (and is not restarting).</summary>
    public bool IsReady
    {
        get
        {
            lock (_instances)
            {
                return _instances.Values.All(i => i.Current?.IsReady == true);
            }
        }
    }

    public IReadOnlyList<InstanceConfig> ListConfigs()
    {
        lock (_instances)
        {
            return [.. _instances.Values.Select(i => i.Config).OrderBy(c => c.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>The running directories, for the WAL cleaner.</summary>
    public IReadOnlyList<string> StorageDirectories()
    {
        lock (_instances)
        {
            return [.. _instances.Keys.Select(name => Path.GetFullPath(Path.Combine(_options.WalDirectory, name)))];
        }
    }

    /// <summary>The instance of a config name, or null when no config of that name is applied.</summary>
    internal MetricsInstance? GetInstance(string name, out bool known)
    {
        lock (_instances)
        {
            known = _instances.TryGetValue(name, out var managed);
            return managed?.Current;
        }
    }

    internal IReadOnlyList<MetricsInstance> RunningInstances()
    {
        lock (_instances)
        {
            return [.. _instances.Values.Select(i => i.Current).OfType<MetricsInstance>().OrderBy(i => i.Name, StringComparer.Ordinal)];
        }
    }

    public async Task ApplyConfigAsync(InstanceConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ObjectDisposedException.ThrowIf(_stopped, this);
        var yaml = VigilYaml.Serialize(config, scrubSecrets: false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ManagedInstance? managed;
            lock (_instances)
            {
                _instances.TryGetValue(config.Name, out managed);
            }

            if (managed is null)
            {
                Spawn(config, yaml);
                _metrics.ConfigsChanged.WithLabels("created").Inc();
                return;
            }

            if (managed.ConfigYaml == yaml)
            {
                return;
            }

            var current = managed.Current;
            if (current is not null && current.IsReady)
            {
                try
                {
                    await current.UpdateAsync(config).ConfigureAwait(false);
                    managed.Config = config;
                    managed.ConfigYaml = yaml;
                    _metrics.ConfigsChanged.WithLabels("updated").Inc();
                    return;
                }
                catch (InvalidUpdateException e)
                {
                    _logger.LogInformation("restarting instance {Instance}: {Reason}", config.Name, e.Message);
                }
            }

            // Immutable change, or an instance that is starting or restarting: replace it on the same WAL.
            await StopManagedAsync(managed).ConfigureAwait(false);
            Spawn(config, yaml);
            _metrics.ConfigsChanged.WithLabels("updated").Inc();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task DeleteConfigAsync(string name, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ManagedInstance? managed;
            lock (_instances)
            {
                _instances.TryGetValue(name, out managed);
            }

            if (managed is null)
            {
                throw new KeyNotFoundException("config does not exist");
            }

            await StopManagedAsync(managed).ConfigureAwait(false);
            _metrics.ConfigsChanged.WithLabels("deleted").Inc();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Moves every instance to a new <c>wal_directory</c> (a reload changed it): each is stopped, flushing its queues,
    /// and started again under the new directory with the same config.
    /// </summary>
    public async Task SetWalDirectoryAsync(string walDirectory)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            ManagedInstance[] all;
            lock (_instances)
            {
                all = [.. _instances.Values];
            }

            await Task.WhenAll(all.Select(StopManagedAsync)).ConfigureAwait(false);
            _options = _options with { WalDirectory = walDirectory };
            foreach (var managed in all)
            {
                Spawn(managed.Config, managed.ConfigYaml);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops every instance (each flushes its remote_write for at most its remote_flush_deadline).</summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _stopped = true;
            ManagedInstance[] all;
            lock (_instances)
            {
                all = [.. _instances.Values];
            }

            await Task.WhenAll(all.Select(StopManagedAsync)).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await StopAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }

    private void Spawn(InstanceConfig config, string yaml)
    {
        var managed = new ManagedInstance(config, yaml);
        lock (_instances)
        {
            _instances[config.Name] = managed;
            _metrics.ActiveConfigs.Set(_instances.Count);
        }

        managed.Run = Task.Run(() => RunWithRestartsAsync(managed));
    }

    private async Task StopManagedAsync(ManagedInstance managed)
    {
        await managed.Stop.CancelAsync().ConfigureAwait(false);
        await managed.Run.ConfigureAwait(false);
        managed.Stop.Dispose();
        lock (_instances)
        {
            if (_instances.TryGetValue(managed.Config.Name, out var registered) && ReferenceEquals(registered, managed))
            {
                _instances.Remove(managed.Config.Name);
            }

            _metrics.ActiveConfigs.Set(_instances.Count);
        }
    }

    private async Task RunWithRestartsAsync(ManagedInstance managed)
    {
        var token = managed.Stop.Token;
        while (!token.IsCancellationRequested)
        {
            var instance = new MetricsInstance(managed.Config, _options);
            managed.Current = instance;
            _metrics.ActiveInstances.Inc();
            try
            {
                await instance.RunAsync(token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Any failure of a run (WAL I/O, a savepoint that cannot be read, a bug) must not take the agent down:
                // the instance is restarted after the backoff, as Grafana Agent's BasicManager does.
                _metrics.AbnormalExits.WithLabels(managed.Config.Name).Inc();
                _logger.LogError(e, "instance {Instance} stopped abnormally, restarting after backoff period {Backoff}", managed.Config.Name, RestartBackoff);
            }
            finally
            {
                _metrics.ActiveInstances.Dec();
            }

            try
            {
                await Task.Delay(RestartBackoff, _options.Time, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
