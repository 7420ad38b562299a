using System.Net;
using Microsoft.Extensions.Logging;
using Vigil.Metrics.Config;
using Vigil.Metrics.Discovery.Dns;
using Vigil.Metrics.Discovery.File;
using Vigil.Metrics.Discovery.Http;
using Vigil.Metrics.Discovery.Static;

namespace Vigil.Metrics.Discovery;

/// <summary>Turns the SD blocks of a scrape config into discoverers, for <see cref="DiscoveryManager.ApplyConfigAsync"/>.</summary>
internal static class DiscovererFactory
{
    /// <param name="dnsResolvers">DNS servers for dns_sd_configs; null for the system's.</param>
    public static IReadOnlyList<IDiscoverer> Create(
        ScrapeConfig config, DiscoveryMetrics metrics, ILogger logger, TimeProvider time, IReadOnlyList<IPEndPoint>? dnsResolvers = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var discoverers = new List<IDiscoverer>();
        discoverers.AddRange(config.DnsSdConfigs.OfType<DnsSdConfig>().Select(c => new DnsDiscoverer(c, metrics, logger, time, dnsResolvers)));
        discoverers.AddRange(config.FileSdConfigs.OfType<FileSdConfig>().Select(c => new FileDiscoverer(c, metrics, logger, time)));
        discoverers.AddRange(config.HttpSdConfigs.OfType<HttpSdConfig>().Select(c => new HttpDiscoverer(c, metrics, logger, time)));
        if (config.StaticConfigs.Count > 0)
        {
            discoverers.Add(new StaticDiscoverer(config.StaticConfigs));
        }

        if (discoverers.Count == 0)
        {
            // As in Prometheus: one empty group, so the job still gets an update and its scrape pool is synced.
            discoverers.Add(new StaticDiscoverer([new StaticConfig()]));
        }

        return discoverers;
    }
}
