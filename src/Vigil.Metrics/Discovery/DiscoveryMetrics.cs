using Prometheus;

namespace Vigil.Metrics.Discovery;

/// <summary>Self-metrics of service discovery, with Prometheus' names so existing dashboards and alerts keep working.</summary>
internal sealed class DiscoveryMetrics
{
    public DiscoveryMetrics(IMetricFactory factory)
    {
        FileReadErrors = factory.CreateCounter("prometheus_sd_file_read_errors_total", "The number of File-SD read errors.");
        HttpFailures = factory.CreateCounter("prometheus_sd_http_failures_total", "Number of HTTP service discovery refresh failures.");
        DnsLookups = factory.CreateCounter("prometheus_sd_dns_lookups_total", "The number of DNS-SD lookups.");
        DnsLookupFailures = factory.CreateCounter("prometheus_sd_dns_lookup_failures_total", "The number of DNS-SD lookup failures.");
        UpdatesSent = factory.CreateCounter("prometheus_sd_updates_total", "Total number of update events sent to the SD consumers.", labelNames: ["name"]);
        UpdatesDelayed = factory.CreateCounter("prometheus_sd_updates_delayed_total", "Total number of update events that couldn't be sent immediately.", labelNames: ["name"]);
        ReceivedUpdates = factory.CreateCounter("prometheus_sd_received_updates_total", "Total number of update events received from the SD providers.", labelNames: ["name"]);
    }

    public Counter FileReadErrors { get; }


    public Counter HttpFailures { get; }

    public Counter DnsLookups { get; }

    public Counter DnsLookupFailures { get; }

    public Counter UpdatesSent { get; }

    public Counter UpdatesDelayed { get; }

    public Counter ReceivedUpdates { get; }

    public static DiscoveryMetrics Unregistered() => new(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
}
