using Microsoft.Extensions.Logging;
using Prometheus;
using Vigil.Common.Model;
using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.Metrics.Discovery;
using Vigil.Metrics.Relabel;
using Vigil.Metrics.Scrape;
using Vigil.Metrics.Storage;

namespace Vigil.Metrics.Instance;

/// <summary>
/// One metrics instance: its WAL storage, scrape manager, remote_write queues and truncation loop (Grafana Agent's
/// <c>instance.Instance</c> in distinct mode). <see cref="RunAsync"/> starts everything, marks the instance ready and
/// runs until cancelled; then it stops scraping, optionally writes stale markers, closes the WAL and flushes remote
/// write for at most <c>remote_flush_deadline</c>.
/// </summary>
internal sealed class MetricsInstance
{
    private readonly InstanceOptions _options;
    private readonly ILogger _logger;
    private readonly IMetricFactory _factory;
    private readonly TruncationMetrics _truncationMetrics;
    private readonly SemaphoreSlim _updateGate = new(1, 1);
    private volatile InstanceConfig _config;
    private volatile WalStorage? _storage;
    private volatile bool _ready;
    private RemoteStorage? _remote;
    private volatile RemoteWriteReceiver.WriteReceiver? _receiver;
    private volatile ScrapeManager? _scrape;
    private volatile IReadOnlyList<RelabelRule> _hostFilterRules = [];
    private long _lastMint = long.MinValue;

    public MetricsInstance(InstanceConfig config, InstanceOptions options)
    {
        _config = config;
        _options = options;
        _logger = options.LoggerFactory.CreateLogger("metrics.instance." + config.Name);
        var root = options.Metrics ?? Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry());
        _factory = root.WithLabels(new Dictionary<string, string> { ["instance_name"] = config.Name });
        _truncationMetrics = new TruncationMetrics(_factory);
        StorageDirectory = Path.Combine(options.WalDirectory, config.Name);
    }

    public string Name => _config.Name;

    public InstanceConfig Config => _config;

    /// <summary><c>&lt;wal_directory&gt;/&lt;name&gt;</c>; the WAL itself is its <c>wal</c> subdirectory.</summary>
    public string StorageDirectory { get; }

    /// <summary>True from the end of start-up (WAL replayed, queues and scrapes started) until shutdown begins.</summary>
    public bool IsReady => _ready;

    /// <summary>The storage to append to, or null while the instance is starting or stopping.</summary>
    public WalStorage? Storage => _ready ? _storage : null;

    /// <summary>The scrape manager, or null before start-up reached it.</summary>
    public ScrapeManager? Scrape => _scrape;

    /// <summary>The remote-write receiver into this instance's WAL, or null while starting or stopping.</summary>
    public RemoteWriteReceiver.WriteReceiver? Receiver => _ready ? _receiver : null;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var config = _config;
        Directory.CreateDirectory(StorageDirectory);
        var storage = await Task.Run(
            () => WalStorage.Open(StorageDirectory, new WalStorageOptions
            {
                Metrics = _factory,
                Logger = _logger,
                Time = _options.Time,
            }),
            cancellationToken).ConfigureAwait(false);
        _storage = storage;
        _receiver = new RemoteWriteReceiver.WriteReceiver(storage, _logger);
        var remote = new RemoteStorage(storage.WalDirectory, _factory, _options, _logger, config.RemoteFlushDeadline.Value, storage.SharedLabels);
        _remote = remote;
        var clean = false;
        try
        {
            await remote.ApplyAsync(config.RemoteWrite, ExternalLabels(config)).ConfigureAwait(false);
            _hostFilterRules = CompileHostFilter(config);
            var scrape = new ScrapeManager(config.Name, storage.Appender, new ScrapeManagerOptions
            {
                Metrics = _factory,
                Logger = _logger,
                Time = _options.Time,
                UserAgent = _options.UserAgent,
                DisableKeepAlives = _options.DisableKeepAlives,
                IdleConnTimeout = _options.IdleConnTimeout > TimeSpan.Zero ? _options.IdleConnTimeout : TimeSpan.FromMinutes(5),
                DiscoveryUpdateInterval = _options.DiscoveryUpdateInterval,
                GroupFilter = config.HostFilter ? FilterByHost : null,
            });
            _scrape = scrape;
            await scrape.ApplyConfigAsync(ScrapeConfigs(config), cancellationToken).ConfigureAwait(false);
            var schedule = new TruncationSchedule(StorageDirectory, config.WalTruncateFrequency.Value, _options.Time.GetUtcNow());
            _ready = true;
            _logger.LogInformation("metrics instance {Instance} ready", config.Name);
            await TruncateLoopAsync(schedule, cancellationToken).ConfigureAwait(false);
            clean = true;
        }
        finally
        {
            _ready = false;
            await ShutdownAsync(storage, remote, clean && config.WriteStaleOnShutdown).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Applies a new config in place. Immutable fields throw <see cref="InvalidUpdateException"/>; any other failure
    /// leaves the old config in effect (as far as it was not replaced) and throws.
    /// </summary>
    public async Task UpdateAsync(InstanceConfig config)
    {
        var old = _config;
        CheckImmutable(old, config);
        await _updateGate.WaitAsync().ConfigureAwait(false);
        try
        {
            // Grafana Agent's order: host filter relabels, remote storage, then scraping.
            _hostFilterRules = CompileHostFilter(config);
            if (_remote is { } remote)
            {
                await remote.ApplyAsync(config.RemoteWrite, ExternalLabels(config)).ConfigureAwait(false);
            }

            if (_scrape is { } scrape)
            {
                await scrape.ApplyConfigAsync(ScrapeConfigs(config), CancellationToken.None).ConfigureAwait(false);
            }

            _config = config;
        }
        finally
        {
            _updateGate.Release();
        }
    }

    /// <summary>Runs one truncation now (the loop's body); returns the mint used, or null when skipped.</summary>
    internal long? TruncateOnce()
    {
        if (_storage is not { } storage || _remote is not { } remote)
        {
            return null;
        }

        var config = _config;
        var now = _options.Time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var maxWal = (long)config.MaxWalTime.Value.TotalMilliseconds;
        var minWal = (long)config.MinWalTime.Value.TotalMilliseconds;

        // Without remote_write nothing waits for the data: keep min_wal_time from now.
        var lowest = remote.LowestAcknowledgedTimestamp() ?? nowMs;
        var mint = Math.Max(0, lowest - minWal);
        mint = Math.Max(mint, nowMs - maxWal);
        if (mint == _lastMint)
        {
            _logger.LogDebug("not truncating the WAL, remote_write timestamp is unchanged: {Mint}", mint);
            return null;
        }

        var needed = remote.NeededSegment();
        var keepFrom = KeepFromSegment(storage.WalDirectory, needed, now - config.MaxWalTime.Value);
        var truncatedUpTo = storage.Truncate(mint, keepFrom);
        if (truncatedUpTo >= needed && needed != int.MaxValue)
        {
            var dropped = truncatedUpTo - needed + 1;
            _truncationMetrics.UnsentSegmentsDropped.Inc(dropped);
            _logger.LogWarning(
                "WAL segments {First}..{Last} were not sent by remote_write yet but are older than max_wal_time; they were removed",
                needed,
                truncatedUpTo);
        }

        _lastMint = mint;
        _receiver?.Prune();
        return mint;
    }

    // Segments a queue still needs are kept, except those whose last write is older than max_wal_time: that bound
    // keeps a dead endpoint from filling the disk (grafana/agent#409), and everything in them is older than it.
    private static int KeepFromSegment(string walDir, int needed, DateTimeOffset maxAgeCutoff)
    {
        if (needed == int.MaxValue)
        {
            return needed;
        }

        var keepFrom = needed;
        foreach (var segment in Vigil.Wal.WalDirectory.ListSegments(walDir))
        {
            if (segment.Index < needed)
            {
                continue;
            }

            var written = File.GetLastWriteTimeUtc(segment.Path);
            if (written >= maxAgeCutoff.UtcDateTime)
            {
                break;
            }

            keepFrom = segment.Index + 1;
        }

        return keepFrom;
    }

    private static List<ScrapeConfig> ScrapeConfigs(InstanceConfig config) => [.. config.ScrapeConfigs.OfType<ScrapeConfig>()];

    private static RelabelRule[] CompileHostFilter(InstanceConfig config) =>
        [.. config.HostFilterRelabelConfigs.OfType<RelabelConfig>().Select(RelabelRule.Compile)];

    private IReadOnlyList<TargetGroup> FilterByHost(string job, IReadOnlyList<TargetGroup> groups) =>
        HostFilter.Filter(groups, _options.HostName ?? HostFilter.LocalHostName(), _hostFilterRules);

    private static Labels ExternalLabels(InstanceConfig config)
    {
        var external = config.Global.ExternalLabels;
        return external.Count == 0 ? Labels.Empty : Labels.FromUnsorted(external.Select(kv => new Label(kv.Key, kv.Value)));
    }

    private static void CheckImmutable(InstanceConfig old, InstanceConfig next)
    {
        if (old.Name != next.Name)
        {
            throw new InvalidUpdateException("name");
        }

        if (old.HostFilter != next.HostFilter)
        {
            throw new InvalidUpdateException("host_filter");
        }

        if (old.WalTruncateFrequency != next.WalTruncateFrequency)
        {
            throw new InvalidUpdateException("wal_truncate_frequency");
        }

        if (old.RemoteFlushDeadline != next.RemoteFlushDeadline)
        {
            throw new InvalidUpdateException("remote_flush_deadline");
        }

        if (old.WriteStaleOnShutdown != next.WriteStaleOnShutdown)
        {
            throw new InvalidUpdateException("write_stale_on_shutdown");
        }
    }

    private async Task TruncateLoopAsync(TruncationSchedule schedule, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = schedule.NextDue - _options.Time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, _options.Time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            try
            {
                await _updateGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var mint = TruncateOnce();
                _truncationMetrics.Truncations.WithLabels("success").Inc();
                if (mint is not null)
                {
                    _truncationMetrics.LastTruncation.SetToCurrentTimeUtc();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                // As Grafana Agent: a failed truncation is a warning; the next period tries again.
                _truncationMetrics.Truncations.WithLabels("failure").Inc();
                _logger.LogWarning(e, "could not truncate WAL");
            }
            finally
            {
                _updateGate.Release();
            }

            try
            {
                schedule.Record(_options.Time.GetUtcNow());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning(e, "could not record the WAL truncation time");
            }
        }
    }

    private async Task ShutdownAsync(WalStorage storage, RemoteStorage remote, bool writeStale)
    {
        if (_scrape is { } scrape)
        {
            await scrape.StopAsync().ConfigureAwait(false);
            await scrape.DisposeAsync().ConfigureAwait(false);
        }

        if (writeStale)
        {
            try
            {
                await storage.WriteStalenessMarkersAsync(() => remote.LowestAcknowledgedTimestamp() ?? long.MaxValue).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException)
            {
                _logger.LogWarning(e, "could not write staleness markers on shutdown");
            }
        }

        try
        {
            storage.Close();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            _logger.LogError(e, "closing the WAL of instance {Instance}", Name);
        }

        await remote.StopAsync().ConfigureAwait(false);
        _storage = null;
        _remote = null;
        _receiver = null;
        _scrape = null;
        _logger.LogInformation("metrics instance {Instance} stopped", Name);
    }
}
