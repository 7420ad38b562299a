using Vigil.Metrics.Config;

namespace Vigil.ScrapingService.ConfigStore;

/// <summary>
/// The checks a config pulled from the store passes before this agent runs it: the WAL directory check, the instance's
/// defaults and rules against the current <c>global</c> block (the same <c>ApplyDefaults</c> the config API runs on a PUT),
/// then the file-reading guard. Grafana Agent's watcher skips the guard; Vigil keeps it, so a config written straight
/// into the KV store (bypassing the API) cannot make the agent read local files either.
/// </summary>
public static class StoredConfigValidation
{
    /// <summary>
    /// Names <paramref name="config"/> after its key, applies the defaults in place and returns null, or returns the
    /// first error in the config API's words.
    /// </summary>
    public static string? Prepare(string name, InstanceConfig config, MetricsConfig metrics)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(metrics);
        if (string.IsNullOrEmpty(metrics.WalDirectory))
        {
            return "no wal_directory configured";
        }

        // The key is the name: the config API stores under the URL's name, and the watcher deletes by key.
        config.Name = name;
        var errors = new List<string>();
        config.ApplyDefaults(metrics.Global, errors);
        if (errors.Count > 0)
        {
            return $"failed to apply defaults to \"{name}\": {string.Join("; ", errors)}";
        }

        return metrics.ScrapingService.DangerousAllowReadingFiles ? null : NoFilesCheck.Validate(config);
    }
}
