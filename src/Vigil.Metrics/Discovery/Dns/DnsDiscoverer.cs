using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Logging;
using Vigil.Common.Model;

namespace Vigil.Metrics.Discovery.Dns;

/// <summary>
/// dns_sd_configs: queries each name (SRV, A, AAAA, MX or NS) every refresh_interval; one group per name with the name
/// as source and Prometheus' meta labels. A failed lookup keeps that name's last good group (Prometheus sends nothing
/// for it, so its manager keeps the old one); a name that does not exist yields an empty group.
/// </summary>
internal sealed class DnsDiscoverer : IDiscoverer
{
    public const string NameLabel = "__meta_dns_name";
    public const string SrvTargetLabel = "__meta_dns_srv_record_target";
    public const string SrvPortLabel = "__meta_dns_srv_record_port";
    public const string MxTargetLabel = "__meta_dns_mx_record_target";
    public const string NsTargetLabel = "__meta_dns_ns_record_target";

    private readonly DnsSdConfig _config;
    private readonly QueryType _type;
    private readonly DiscoveryMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly LookupClient _client;
    private readonly TimeSpan _refreshInterval;
    private readonly Dictionary<string, TargetGroup> _lastGood = new(StringComparer.Ordinal);
    private IReadOnlyList<TargetGroup>? _published;

    /// <param name="resolvers">The DNS servers to ask; null for the system's (resolv.conf).</param>
    public DnsDiscoverer(DnsSdConfig config, DiscoveryMetrics metrics, ILogger logger, TimeProvider time, IReadOnlyList<IPEndPoint>? resolvers = null, TimeSpan? queryTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _type = (config.Type ?? DnsSdConfig.DefaultType).ToUpperInvariant() switch
        {
            "A" => QueryType.A,
            "AAAA" => QueryType.AAAA,
            "MX" => QueryType.MX,
            "NS" => QueryType.NS,
            _ => QueryType.SRV,
        };
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _refreshInterval = config.RefreshInterval.Value > TimeSpan.Zero ? config.RefreshInterval.Value : DnsSdConfig.DefaultRefreshInterval.Value;
        var options = resolvers is null ? new LookupClientOptions() : new LookupClientOptions(resolvers.Select(r => new NameServer(r)).ToArray());
        options.UseCache = false;
        options.Timeout = queryTimeout ?? TimeSpan.FromSeconds(5);
        options.Retries = 1;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = false;
        _client = new LookupClient(options);
    }

    public async Task RunAsync(Action<IReadOnlyList<TargetGroup>> publish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publish);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await RefreshAsync(publish, cancellationToken).ConfigureAwait(false);
                await Task.Delay(_refreshInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the owner.
        }
    }

    /// <summary>Looks up every name at once; publishes when the merged set changed.</summary>
    internal async Task RefreshAsync(Action<IReadOnlyList<TargetGroup>> publish, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(_config.Names.Select(n => LookupAsync(n, cancellationToken))).ConfigureAwait(false);
        foreach (var group in results)
        {
            if (group is not null)
            {
                _lastGood[group.Source] = group;
            }
        }

        var all = _config.Names.Distinct(StringComparer.Ordinal).Where(_lastGood.ContainsKey).Select(n => _lastGood[n]).ToArray();
        if (_published is null || !_published.SequenceEqual(all))
        {
            _published = all;
            publish(all);
        }
    }

    private async Task<TargetGroup?> LookupAsync(string name, CancellationToken cancellationToken)
    {
        _metrics.DnsLookups.Inc();
        IDnsQueryResponse response;
        try
        {
            response = await _client.QueryAsync(name, _type, QueryClass.IN, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DnsResponseException or SocketException or ArgumentException)
        {
            return Failed(name, e.Message, e);
        }

        if (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
        {
            return Failed(name, response.ErrorMessage, null);
        }

        var targets = new List<Labels>();
        foreach (var record in response.Answers)
        {
            var builder = new LabelsBuilder().Set(NameLabel, name);
            string address;
            switch (record)
            {
                case SrvRecord srv:
                    var srvTarget = srv.Target.Value;
                    builder.Set(SrvTargetLabel, srvTarget).Set(SrvPortLabel, srv.Port.ToString(CultureInfo.InvariantCulture));
                    address = HostPort(srvTarget.TrimEnd('.'), srv.Port);
                    break;
                case ARecord a:
                    address = HostPort(a.Address.ToString(), _config.Port);
                    break;
                case AaaaRecord aaaa:
                    address = HostPort(aaaa.Address.ToString(), _config.Port);
                    break;
                case MxRecord mx:
                    builder.Set(MxTargetLabel, mx.Exchange.Value);
                    address = HostPort(mx.Exchange.Value.TrimEnd('.'), _config.Port);
                    break;
                case NsRecord ns:
                    builder.Set(NsTargetLabel, ns.NSDName.Value);
                    address = HostPort(ns.NSDName.Value.TrimEnd('.'), _config.Port);
                    break;
                case CNameRecord:
                    // An A/AAAA answer may lead with the CNAME chain; the addresses follow it.
                    continue;
                default:
                    _logger.LogWarning("Invalid record {Record} for name {Name}", record, name);
                    continue;
            }

            targets.Add(builder.Set(TargetGroup.AddressLabel, address).Build());
        }

        return new TargetGroup(name, targets, Labels.Empty);
    }

    private TargetGroup? Failed(string name, string message, Exception? e)
    {
        _metrics.DnsLookupFailures.Inc();
        _logger.LogError(e, "Error refreshing DNS targets for {Name}, keeping the last good ones: {Error}", name, message);
        return null;
    }

    private static string HostPort(string host, int port) =>
        (host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);
}
