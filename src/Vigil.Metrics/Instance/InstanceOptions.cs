using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace Vigil.Metrics.Instance;

/// <summary>What every metrics instance of one agent shares: where WALs live, self-metrics, logging and clocks.</summary>
public sealed record InstanceOptions
{
    /// <summary><c>metrics.wal_directory</c>; an instance's WAL is <c>&lt;root&gt;/&lt;name&gt;/wal</c>.</summary>
    public required string WalDirectory { get; init; }

    /// <summary>Where self-metrics are registered; instance metrics get an <c>instance_name</c> label.</summary>
    public IMetricFactory? Metrics { get; init; }

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Sent by scrapes and remote write.</summary>
    public string UserAgent { get; init; } = RemoteWrite.Client.WriteHeaders.UserAgent;

    /// <summary><c>metrics.http_disable_keepalives</c> for scrapes.</summary>
    public bool DisableKeepAlives { get; init; }

    /// <summary><c>metrics.http_idle_conn_timeout</c> for scrapes; zero keeps the platform default.</summary>
    public TimeSpan IdleConnTimeout { get; init; }

    /// <summary>How often a remote-write queue persists its savepoint.</summary>
    public TimeSpan SavepointInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the WAL watcher polls the live segment.</summary>
    public TimeSpan WatcherPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long discovery updates are coalesced (Prometheus: 5 s); tests lower it.</summary>
    public TimeSpan DiscoveryUpdateInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest remote-write request body the receive endpoint accepts (32 MiB, Prometheus' decoded cap).</summary>
    public long MaxReceiveBodyBytes { get; init; } = 32L << 20;

    /// <summary>The name host_filter compares targets against; <c>$HOSTNAME</c> or the machine name when null.</summary>
    public string? HostName { get; init; }
}
