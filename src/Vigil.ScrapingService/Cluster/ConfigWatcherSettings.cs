using Vigil.Metrics.Config;
using Vigil.ScrapingService.ConfigStore;

namespace Vigil.ScrapingService.Cluster;

/// <summary>
/// What the config watcher reconciles against: the config store, the metrics block (global settings the configs are
/// defaulted against, <c>reshard_interval</c>, <c>reshard_timeout</c>, the file guard), and the ownership check.
/// <see cref="Owns"/> null means "no ring view yet" (joining or re-joining): the watcher then leaves its instances alone.
/// </summary>
public sealed record ConfigWatcherSettings(RemoteConfigStore Store, MetricsConfig Metrics, Func<string, bool>? Owns)
{
    /// <summary><c>reshard_interval</c>; zero or less turns the periodic refresh off (events and ring changes still refresh).</summary>
    public TimeSpan ReshardInterval => Metrics.ScrapingService.ReshardInterval.Value;

    /// <summary><c>reshard_timeout</c>; zero means none.</summary>
    public TimeSpan ReshardTimeout => Metrics.ScrapingService.ReshardTimeout.Value;
}
