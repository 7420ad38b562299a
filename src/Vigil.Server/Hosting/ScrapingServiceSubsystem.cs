using System.Net;
using Vigil.Metrics.Config;
using Vigil.Metrics.Instance;
using Vigil.ScrapingService.Cluster;
using Vigil.ScrapingService.ConfigStore;
using Vigil.Server.Config;
using Vigil.Server.Flags;
using Vigil.Server.Reload;

namespace Vigil.Server.Hosting;

/// <summary>
/// Scraping-service mode's place in the apply order, right after metrics: opens, swaps or closes the config store
/// that the config management API uses, then joins, re-joins or leaves the ring and runs the config watcher, following
/// <c>metrics.scraping_service</c>. Disposed with the host: leaves the ring and stops the instances it ran.
/// </summary>
internal sealed class ScrapingServiceSubsystem : IConfigSubsystem, IHostedService, IAsyncDisposable
{
    private readonly ConfigStoreManager _manager;
    private readonly IPEndPoint _grpc;

    /// <param name="instances">
    /// The metrics instance manager that owned configs run on. Optional until the host registers one: without it the
    /// agent still joins the ring and serves the config API and <c>/debug/ring</c>, but runs no configs.
    /// </param>
    public ScrapingServiceSubsystem(
        ConfigStoreManager manager,
        AgentFlags flags,
        AgentMetrics metrics,
        TimeProvider time,
        ILoggerFactory loggers,
        IInstanceManager? instances = null)
    {
        _manager = manager;
        _grpc = ListenAddress.Parse(AgentFlags.GrpcAddress, flags.GrpcListenAddress);
        Cluster = new ScrapingServiceCluster(instances, new ClusterMetrics(metrics.Factory), time, loggers);
    }

    public string Name => "scraping_service";

    public ScrapingServiceCluster Cluster { get; }

    public async Task ApplyConfigAsync(AgentConfig config, CancellationToken cancellationToken)
    {
        var metrics = config.Metrics ?? new MetricsConfig();

        // Where no interface_names match, the ring shows the gRPC listen host (or loopback when it listens on all).
        var fallbackHost = _grpc.Address.Equals(IPAddress.Any) || _grpc.Address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : _grpc.Address.ToString();
        if (metrics.ScrapingService?.Enabled != true)
        {
            // Leave the ring and stop the watcher's instances while the store they came from is still open.
            await Cluster.ApplyAsync(metrics, null, _grpc.Port, fallbackHost, cancellationToken).ConfigureAwait(false);
        }

        await _manager.ApplyAsync(metrics, cancellationToken).ConfigureAwait(false);
        await Cluster.ApplyAsync(metrics, _manager.Store, _grpc.Port, fallbackHost, cancellationToken).ConfigureAwait(false);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Stopped before the metrics subsystem (hosted services stop in reverse order of registration): the agent leaves
    /// the ring first, so its peers take its configs over while its own instances flush.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken) => Cluster.StopAsync(cancellationToken);

    // Registered as a singleton and as a hosted service, so the container disposes it twice: the cluster's dispose is
    // idempotent.
    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
