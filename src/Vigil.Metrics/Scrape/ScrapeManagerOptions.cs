using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using Vigil.Metrics.Discovery;

namespace Vigil.Metrics.Scrape;

/// <summary>Runtime options of one instance's <see cref="ScrapeManager"/>.</summary>
public sealed record ScrapeManagerOptions
{
    /// <summary>Where the scrape and discovery self-metrics are registered; a private registry when null.</summary>
    public IMetricFactory? Metrics { get; init; }

    public ILogger Logger { get; init; } = NullLogger.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The <c>User-Agent</c> header of every scrape.</summary>
    public string UserAgent { get; init; } = "Prometheus/2.42.0";

    /// <summary>Closes the connection after each scrape (the agent's <c>-metrics.disable-keepalives</c> style knob).</summary>
    public bool DisableKeepAlives { get; init; }

    /// <summary>How long an idle scrape connection stays in the pool (Go's <c>IdleConnTimeout</c>).</summary>
    public TimeSpan IdleConnTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>At most one discovery update per interval reaches the scrape pools (Prometheus' 5 s debounce).</summary>
    public TimeSpan DiscoveryUpdateInterval { get; init; } = DiscoveryManager.DefaultUpdateInterval;

    /// <summary>
    /// Applied to each job's discovered groups before targets are built: the instance's <c>host_filter</c> hook.
    /// Arguments are the job name and its groups; the result replaces the groups.
    /// </summary>
    public Func<string, IReadOnlyList<TargetGroup>, IReadOnlyList<TargetGroup>>? GroupFilter { get; init; }
}
