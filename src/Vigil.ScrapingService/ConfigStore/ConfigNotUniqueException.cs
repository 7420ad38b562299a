namespace Vigil.ScrapingService.ConfigStore;

/// <summary>Another stored config already uses one of this config's job names (400 in the config API).</summary>
public sealed class ConfigNotUniqueException(string jobName)
    : Exception($"failed to check uniqueness of config: found multiple scrape configs in config store with job name \"{jobName}\"");
