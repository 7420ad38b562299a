using Vigil.Server.Config;
using Vigil.Server.Flags;
using Vigil.Server.Hosting;

namespace Vigil.Server.Reload;

/// <summary>
/// Loads and applies configs: at start-up, on <c>/-/reload</c> and on SIGHUP. It validates first — a file that fails to
/// load or validate changes nothing — then applies to each subsystem in a fixed order (logger, server, metrics, logs,
/// traces, integrations), keeps going past failures, logs each one with its subsystem, and reports failure if any
/// failed while the parts that applied keep their new state (Grafana Agent's Entrypoint.ApplyConfig semantics).
/// Reloads are serialized: two concurrent requests never interleave their applies.
/// </summary>
internal sealed class ReloadCoordinator(
    AgentFlags flags,
    IReadOnlyList<IConfigSubsystem> subsystems,
    AgentMetrics metrics,
    ILogger<ReloadCoordinator> logger,
    Func<string, string?> getenv,
    TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile LoadedConfig? _current;

    /// <summary>The config most recently accepted (validated), even when some subsystem failed to apply it.</summary>
    public LoadedConfig? Current => _current;

    public AgentFlags Flags => flags;

    /// <summary>Re-reads the flags and the file, then applies.</summary>
    public async Task<ReloadOutcome> ReloadAsync(CancellationToken cancellationToken)
    {
        LoadedConfig loaded;
        try
        {
            loaded = ConfigLoader.Load(AgentFlags.Parse(flags.Args), getenv);
        }
        catch (Exception e) when (e is ConfigException or FlagParseException)
        {
            metrics.ConfigLastLoadSuccessful.Set(0);
            metrics.ConfigLoadFailures.Inc();
            logger.LogError("failed to reload config: {err}", e.Message);
            return ReloadOutcome.LoadFailed;
        }

        return await ApplyAsync(loaded, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies an already validated config to every subsystem in order.</summary>
    public async Task<ReloadOutcome> ApplyAsync(LoadedConfig loaded, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var warning in loaded.Warnings)
            {
                logger.LogWarning("{warning}", warning);
            }

            var failed = new List<string>();
            foreach (var subsystem in subsystems)
            {
                try
                {
                    await subsystem.ApplyConfigAsync(loaded.Config, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception e)
                {
                    // A subsystem's failure must not stop the others from applying: report it and go on.
                    failed.Add(subsystem.Name);
                    logger.LogError(e, "failed to apply config to {subsystem}", subsystem.Name);
                }
            }

            _current = loaded;
            if (failed.Count > 0)
            {
                metrics.ConfigLastLoadSuccessful.Set(0);
                metrics.ConfigLoadFailures.Inc();
                logger.LogError("changes did not apply successfully; failed subsystems: {subsystems}", string.Join(",", failed));
                return ReloadOutcome.ApplyFailed;
            }

            metrics.ConfigLastLoadSuccessful.Set(1);
            metrics.ConfigLastLoadSuccessTimestamp.Set(time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
            logger.LogInformation("config applied from {file}", loaded.Path);
            return ReloadOutcome.Applied;
        }
        finally
        {
            _gate.Release();
        }
    }
}
