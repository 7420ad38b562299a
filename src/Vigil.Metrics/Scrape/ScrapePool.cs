using System.Globalization;
using Microsoft.Extensions.Logging;
using Vigil.Common.Model;
using Vigil.Metrics.Config;
using Vigil.Metrics.Discovery;
using Vigil.Metrics.Discovery.Targets;
using Vigil.Metrics.RemoteWrite.Client;
using Vigil.Metrics.Storage;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// The targets and loops of one scrape job (Prometheus scrape.go scrapePool @ v2.42): one HTTP client for the job,
/// one loop per target identity (labels and URL). Sync starts loops for new targets and stops the ones gone (their
/// series go stale); reload swaps every loop for one with the new config, handing the series over. Callers serialise
/// Sync, Reload and Stop; the read methods may run at any time.
/// </summary>
internal sealed partial class ScrapePool
{
    private readonly ScrapeHttpOptions _http;
    private readonly Func<IAppender> _appender;
    private readonly ScrapeMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ulong _jitterSeed;
    private readonly CancellationToken _parent;
    private readonly Action<Task> _draining;
    private readonly Dictionary<ulong, ScrapeLoop> _loops = [];

    // One interner for the pool's loops: targets of one job expose the same names and mostly the same values, so their
    // series share one string each instead of one per target. Only consulted for series a loop has not cached yet.
    private readonly StringInterner _interner = new(1 << 18, synchronized: true);
    private ScrapeConfig _config;
    private ScrapeSettings _settings;
    private TargetBuilder _builder;
    private HttpClient _client;
    private AuthorizationProvider _authorization;
    private volatile ScrapeLoop[] _active = [];
    private volatile IReadOnlyList<ScrapeTarget> _dropped = [];

    /// <param name="draining">Receives each stopped loop's remaining work (end-of-run stale markers), for the manager to await.</param>
    public ScrapePool(
        ScrapeConfig config,
        ScrapeHttpOptions http,
        Func<IAppender> appender,
        ScrapeMetrics metrics,
        ILogger logger,
        TimeProvider time,
        ulong jitterSeed,
        Action<Task> draining,
        CancellationToken parent)
    {
        _http = http;
        _appender = appender;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _jitterSeed = jitterSeed;
        _draining = draining;
        _parent = parent;
        _metrics.Pools.Inc();
        try
        {
            (_config, _settings, _builder, _client, _authorization) = Build(config);
        }
        catch (Exception)
        {
            _metrics.PoolsFailed.Inc();
            throw;
        }

        _metrics.PoolTargetLimit.WithLabels(config.JobName).Set(config.TargetLimit);
    }

    public string JobName => _config.JobName;

    public ScrapeConfig Config => _config;

    public IReadOnlyList<TargetStatus> ActiveTargets() => _active.Select(l => l.Status()).ToArray();

    public IReadOnlyList<ScrapeTarget> DroppedTargets() => _dropped;

    /// <summary>Builds the targets of <paramref name="groups"/> and starts or stops loops to match (Prometheus Sync).</summary>
    public async Task SyncAsync(IReadOnlyList<TargetGroup> groups)
    {
        var start = _time.GetTimestamp();
        var targets = new List<ScrapeTarget>();
        var dropped = new List<ScrapeTarget>();
        var failures = 0;
        foreach (var group in groups)
        {
            var result = _builder.FromGroup(group);
            foreach (var failure in result.Failures)
            {
                LogTargetFailed(_logger, JobName, failure);
            }

            failures += result.Failures.Count;
            foreach (var target in result.Targets)
            {
                if (!target.Dropped)
                {
                    targets.Add(target);
                }
                else if (_settings.KeepDroppedTargets == 0 || dropped.Count < _settings.KeepDroppedTargets)
                {
                    dropped.Add(target);
                }
            }
        }

        _metrics.SyncFailed.WithLabels(JobName).Inc(failures);
        _dropped = dropped;
        await SyncTargetsAsync(targets).ConfigureAwait(false);
        _metrics.SyncLength.WithLabels(JobName).Observe(_time.GetElapsedTime(start).TotalSeconds);
        _metrics.PoolSyncs.WithLabels(JobName).Inc();
    }

    /// <summary>
    /// Applies a changed config (Prometheus reload): a new client, and each loop replaced by one with the new settings
    /// that continues the old one's staleness tracking. The manager re-syncs the targets afterwards, because
    /// relabel_configs may have changed them.
    /// </summary>
    public async Task ReloadAsync(ScrapeConfig config)
    {
        var start = _time.GetTimestamp();
        _metrics.PoolReloads.Inc();
        ScrapeConfig newConfig;
        ScrapeSettings settings;
        TargetBuilder builder;
        HttpClient client;
        AuthorizationProvider authorization;
        try
        {
            (newConfig, settings, builder, client, authorization) = Build(config);
        }
        catch (Exception)
        {
            _metrics.PoolReloadsFailed.Inc();
            throw;
        }

        var (oldClient, oldAuthorization) = (_client, _authorization);
        (_config, _settings, _builder, _client, _authorization) = (newConfig, settings, builder, client, authorization);
        _metrics.PoolTargetLimit.WithLabels(JobName).Set(config.TargetLimit);
        var forced = TargetLimitError();
        var replacements = new List<Task>();
        foreach (var (hash, old) in _loops.ToArray())
        {
            var target = new ActiveTarget(new ScrapeTarget(old.Target.Labels, old.Target.DiscoveredLabels), settings);
            var loop = NewLoop(target);
            loop.ForcedError = forced;
            _loops[hash] = loop;
            replacements.Add(ReplaceAsync(old, loop));
        }

        await Task.WhenAll(replacements).ConfigureAwait(false);
        Publish();
        oldClient.Dispose();
        oldAuthorization.Dispose();
        _metrics.ReloadLength.WithLabels(Vigil.Common.Time.GoDuration.FormatGo(settings.Interval)).Observe(_time.GetElapsedTime(start).TotalSeconds);
    }

    /// <summary>
    /// Stops every loop. With <paramref name="staleMarkers"/> (the job left the config) each loop writes its end-of-run
    /// stale markers in the background; on shutdown the manager's token is cancelled and nothing is written.
    /// </summary>
    public async Task StopAsync(bool staleMarkers)
    {
        await Task.WhenAll(_loops.Values.Select(l => StopLoopAsync(l, staleMarkers))).ConfigureAwait(false);
        _loops.Clear();
        Publish();
        _client.Dispose();
        _authorization.Dispose();
        _metrics.PoolTargets.RemoveLabelled(JobName);
        _metrics.PoolTargetLimit.RemoveLabelled(JobName);
    }

    private async Task SyncTargetsAsync(List<ScrapeTarget> targets)
    {
        var unique = new Dictionary<ulong, ScrapeLoop?>();
        foreach (var t in targets)
        {
            var target = new ActiveTarget(t, _settings);
            if (!_loops.TryGetValue(target.Hash, out var existing))
            {
                var loop = NewLoop(target);
                _loops[target.Hash] = loop;
                unique[target.Hash] = loop;
            }
            else
            {
                // A duplicate, or a known target: keep its loop and show the newest discovered labels.
                unique.TryAdd(target.Hash, null);
                existing.Target.DiscoveredLabels = t.DiscoveredLabels;
            }
        }

        var stopping = new List<Task>();
        foreach (var (hash, loop) in _loops.ToArray())
        {
            if (!unique.ContainsKey(hash))
            {
                _loops.Remove(hash);
                stopping.Add(StopLoopAsync(loop, staleMarkers: true));
            }
        }

        _metrics.PoolTargets.WithLabels(JobName).Set(unique.Count);
        var forced = TargetLimitError();
        foreach (var loop in _loops.Values)
        {
            loop.ForcedError = forced;
        }

        foreach (var loop in unique.Values)
        {
            loop?.Start();
        }

        Publish();
        await Task.WhenAll(stopping).ConfigureAwait(false);
    }

    private string? TargetLimitError()
    {
        var limit = _settings.TargetLimit;
        if (limit == 0 || _loops.Count <= limit)
        {
            return null;
        }

        _metrics.ExceededTargetLimit.Inc();
        return string.Create(CultureInfo.InvariantCulture, $"target_limit exceeded (number of targets: {_loops.Count}, limit: {limit})");
    }

    private ScrapeLoop NewLoop(ActiveTarget target)
    {
        var scraper = new TargetScraper(_client, _authorization, target, _settings, _http, _metrics, _time);
        return new ScrapeLoop(target, _settings, scraper, _appender, _metrics, _logger, _time, _jitterSeed, _parent, _interner);
    }

    private async Task StopLoopAsync(ScrapeLoop loop, bool staleMarkers)
    {
        await loop.StopAsync(staleMarkers).ConfigureAwait(false);
        _draining(loop.Completion);
    }

    private static async Task ReplaceAsync(ScrapeLoop old, ScrapeLoop replacement)
    {
        await old.StopAsync(endOfRunStaleness: false).ConfigureAwait(false);
        replacement.Start(old);
    }

    private void Publish() => _active = [.. _loops.Values.OrderBy(l => l.Target.Url, StringComparer.Ordinal)];

    private (ScrapeConfig, ScrapeSettings, TargetBuilder, HttpClient, AuthorizationProvider) Build(ScrapeConfig config)
    {
        var settings = ScrapeSettings.From(config);
        var builder = new TargetBuilder(config);
        var handler = HttpHandlerFactory.Create(config.TlsConfig ?? new TlsConfig(), config, config.FollowRedirects);
        handler.PooledConnectionIdleTimeout = _http.IdleConnTimeout;
        var client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        var authorization = new AuthorizationProvider(config, _time);
        return (config, settings, builder, client, authorization);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Creating target failed scrape_pool={Job} err={Error}")]
    private static partial void LogTargetFailed(ILogger logger, string job, string error);
}
