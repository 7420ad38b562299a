using Microsoft.Extensions.Logging;
using Prometheus;
using Vigil.Metrics.Config;
using Vigil.ScrapingService.Kv;

namespace Vigil.ScrapingService.ConfigStore;

/// <summary>
/// Owns the config store of scraping-service mode and the settings the config API validates against. On each apply it
/// opens the configured KV store (and closes the previous one) when <c>scraping_service.enabled</c>, or closes it when
/// not — the API then answers "not connected to store", as Grafana Agent does.
/// </summary>
public sealed class ConfigStoreManager(ILoggerFactory loggers, IMetricFactory metrics) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger = loggers.CreateLogger<ConfigStoreManager>();
    private string? _kvIdentity;

    public Counter ConfigsCreated { get; } = metrics.CreateCounter("agent_metrics_ha_configs_created_total", "Total number of created scraping service configs");

    public Counter ConfigsUpdated { get; } = metrics.CreateCounter("agent_metrics_ha_configs_updated_total", "Total number of updated scraping service configs");

    public Counter ConfigsDeleted { get; } = metrics.CreateCounter("agent_metrics_ha_configs_deleted_total", "Total number of deleted scraping service configs");

    /// <summary>The open store, or null when scraping-service mode is off.</summary>
    public RemoteConfigStore? Store { get; private set; }

    /// <summary>The metrics settings that API PUTs are validated against (global block, WAL directory, file guard).</summary>
    public MetricsConfig Metrics { get; private set; } = new();

    /// <summary>Whether <c>GET /agent/api/v1/configs/{name}</c> may show configs (<c>-config.enable-read-api</c>).</summary>
    public bool EnableGetConfiguration { get; set; }

    /// <summary>Serializes the config API's requests, as Grafana Agent's API-wide mutex does.</summary>
    public SemaphoreSlim ApiGate { get; } = new(1, 1);

    public async Task ApplyAsync(MetricsConfig metrics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Metrics = metrics;
            var service = metrics.ScrapingService;
            var identity = service.Enabled ? KvIdentity(service.KvStore, metrics.WalDirectory) : null;
            if (identity == _kvIdentity)
            {
                return;
            }

            if (Store is not null)
            {
                await Store.DisposeAsync().ConfigureAwait(false);
                Store = null;
            }

            _kvIdentity = null;
            if (identity is null)
            {
                return;
            }

            var kv = await OpenAsync(service.KvStore, metrics.WalDirectory, cancellationToken).ConfigureAwait(false);
            Store = new RemoteConfigStore(new PrefixedKvStore(kv, service.KvStore.Prefix), _logger);
            _kvIdentity = identity;
            _logger.LogInformation("config store opened: {store} with prefix {prefix}", service.KvStore.Store, service.KvStore.Prefix);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Store is not null)
        {
            await Store.DisposeAsync().ConfigureAwait(false);
            Store = null;
        }

        _gate.Dispose();
        ApiGate.Dispose();
    }

    /// <summary>The embedded store's file: inside the WAL directory, beside the instance directories.</summary>
    public static string EmbeddedPath(string walDirectory) => Path.Combine(walDirectory, "scraping-service.db");

    private async Task<IKvStore> OpenAsync(KvStoreConfig config, string walDirectory, CancellationToken cancellationToken) => config.Store switch
    {
        KvStoreConfig.StoreEmbedded => await EmbeddedKvStore.OpenAsync(EmbeddedPath(walDirectory), cancellationToken).ConfigureAwait(false),
        KvStoreConfig.StoreEtcd => EtcdKvStore.Connect(
            config.Etcd.Endpoints,
            config.Etcd.Username,
            config.Etcd.Password?.Value,
            config.Etcd.DialTimeout.Value > TimeSpan.Zero ? config.Etcd.DialTimeout.Value : TimeSpan.FromSeconds(10),
            _logger),
        KvStoreConfig.StoreInMemory => new InMemoryKvStore(),
        _ => throw new InvalidOperationException($"KV store \"{config.Store}\" is not supported; use embedded, etcd or inmemory"),
    };

    private static string KvIdentity(KvStoreConfig config, string walDirectory) => config.Store switch
    {
        KvStoreConfig.StoreEtcd => $"etcd|{string.Join(",", config.Etcd.Endpoints)}|{config.Etcd.Username}|{config.Prefix}",
        KvStoreConfig.StoreEmbedded => $"embedded|{EmbeddedPath(walDirectory)}|{config.Prefix}",
        _ => $"{config.Store}|{config.Prefix}",
    };
}
