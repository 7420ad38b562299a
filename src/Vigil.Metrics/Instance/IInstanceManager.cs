using Vigil.Metrics.Config;

namespace Vigil.Metrics.Instance;

/// <summary>
/// Runs one metrics instance per <see cref="InstanceConfig"/> (Grafana Agent's distinct mode). Both the static
/// <c>metrics.configs</c> of the config file and the scraping service's config watcher drive the same manager.
/// </summary>
public interface IInstanceManager
{
    /// <summary>The configs currently applied, sorted by name.</summary>
    IReadOnlyList<InstanceConfig> ListConfigs();

    /// <summary>
    /// Creates or updates the instance of <paramref name="config"/> (defaults already applied). Dynamic fields are
    /// updated in place; a change of an immutable field restarts the instance. A failed update keeps the old config
    /// running and throws.
    /// </summary>
    Task ApplyConfigAsync(InstanceConfig config, CancellationToken cancellationToken);

    /// <summary>Stops and removes an instance; throws <see cref="KeyNotFoundException"/> (<c>config does not exist</c>) for an unknown name.</summary>
    Task DeleteConfigAsync(string name, CancellationToken cancellationToken);
}
