using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.ScrapingService.Cluster;

namespace Vigil.ScrapingService.Tests.Cluster;

internal static class TestConfigs
{
    public static ClusterMetrics NewMetrics() => new(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));

    /// <summary>A valid instance config whose only job has the config's name (job names are unique in a store).</summary>
    public static InstanceConfig Instance(string name, string interval = "15s") => VigilYaml.Deserialize<InstanceConfig>(
        $"""
        name: {name}
        scrape_configs:
          - job_name: {name}
            scrape_interval: {interval}
            static_configs:
              - targets: ['127.0.0.1:9100']
        """)!;

    public static MetricsConfig Metrics(string id = "agent-1", int numTokens = 32, TimeSpan? reshardInterval = null) => new()
    {
        WalDirectory = "/nonexistent/wal",
        ScrapingService = new ScrapingServiceConfig
        {
            Enabled = true,
            ReshardInterval = new Duration(reshardInterval ?? TimeSpan.FromMinutes(1)),
            Lifecycler = new LifecyclerConfig
            {
                Id = id,
                Address = "127.0.0.1",
                Port = 12346,
                NumTokens = numTokens,
            },
        },
    };
}
