using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.Metrics.Instance;
using Vigil.Server.Config;
using Vigil.Server.Reload;

namespace Vigil.Server.Hosting;

/// <summary>
/// The metrics subsystem: applies <c>metrics.configs</c> to the instance manager (new and changed configs applied,
/// removed ones deleted), runs the WAL cleaner, and reports ready once the first config applied and every instance is
/// ready. An apply whose <c>metrics</c> YAML is byte-identical to the previous one does nothing, as in Grafana Agent. On
/// shutdown every instance flushes its remote_write for at most its <c>remote_flush_deadline</c>.
/// </summary>
internal sealed class MetricsSubsystem(InstanceManager instances, AgentMetrics metrics, TimeProvider time, ILogger<MetricsSubsystem> logger)
    : IConfigSubsystem, IHostedService
{
    private readonly HashSet<string> _staticNames = new(StringComparer.Ordinal);
    private string? _appliedYaml;
    private volatile bool _applied;
    private CancellationTokenSource? _cleanerStop;
    private Task _cleaner = Task.CompletedTask;

    public string Name => "metrics";

    public bool IsReady => _applied && instances.IsReady;

    public async Task ApplyConfigAsync(AgentConfig config, CancellationToken cancellationToken)
    {
        var block = config.Metrics ?? new MetricsConfig();
        var yaml = VigilYaml.Serialize(block, scrubSecrets: false);
        if (yaml == _appliedYaml)
        {
            logger.LogDebug("not recreating metrics instance because config hasn't changed");
            return;
        }

        if (Path.GetFullPath(block.WalDirectory) != Path.GetFullPath(instances.Options.WalDirectory))
        {
            logger.LogInformation("wal_directory changed from {Old} to {New}: restarting every instance there", instances.Options.WalDirectory, block.WalDirectory);
            await instances.SetWalDirectoryAsync(block.WalDirectory).ConfigureAwait(false);
        }

        instances.RestartBackoff = block.InstanceRestartBackoff.Value;
        await RestartCleanerAsync(block).ConfigureAwait(false);

        var errors = new List<string>();
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in block.Configs)
        {
            wanted.Add(instance.Name);
            try
            {
                await instances.ApplyConfigAsync(instance, cancellationToken).ConfigureAwait(false);
                _staticNames.Add(instance.Name);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One instance that cannot apply must not keep the others from running; the reload reports it.
                logger.LogError(e, "failed to apply metrics instance {Instance}", instance.Name);
                errors.Add($"instance {instance.Name}: {e.Message}");
            }
        }

        foreach (var name in _staticNames.Where(n => !wanted.Contains(n)).ToList())
        {
            try
            {
                await instances.DeleteConfigAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (KeyNotFoundException)
            {
                logger.LogDebug("metrics instance {Instance} was already gone", name);
            }

            _staticNames.Remove(name);
        }

        _appliedYaml = errors.Count == 0 ? yaml : null;
        _applied = true;
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("metrics: " + string.Join("; ", errors));
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_cleanerStop is not null)
        {
            await _cleanerStop.CancelAsync().ConfigureAwait(false);
            await _cleaner.ConfigureAwait(false);
        }

        await instances.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RestartCleanerAsync(MetricsConfig block)
    {
        if (_cleanerStop is not null)
        {
            await _cleanerStop.CancelAsync().ConfigureAwait(false);
            await _cleaner.ConfigureAwait(false);
            _cleanerStop.Dispose();
        }

        _cleanerStop = new CancellationTokenSource();
        var cleaner = new WalCleaner(
            instances.Options.WalDirectory,
            instances.StorageDirectories,
            metrics.Factory,
            time,
            logger);
        var token = _cleanerStop.Token;
        _cleaner = Task.Run(() => cleaner.RunAsync(block.WalCleanupPeriod.Value, block.WalCleanupAge.Value, token), CancellationToken.None);
    }
}
