using Vigil.ScrapingService.ConfigStore;
using Vigil.Server.Config;
using Vigil.Server.Reload;

namespace Vigil.Server.Hosting;

/// <summary>
/// Scraping-service mode's place in the apply order, right after metrics: opens, swaps or closes the config store
/// that the config management API uses, following <c>metrics.scraping_service</c>.
/// </summary>
internal sealed class ScrapingServiceSubsystem(ConfigStoreManager manager) : IConfigSubsystem
{
    public string Name => "scraping_service";

    public Task ApplyConfigAsync(AgentConfig config, CancellationToken cancellationToken) =>
        manager.ApplyAsync(config.Metrics ?? new Vigil.Metrics.Config.MetricsConfig(), cancellationToken);
}
