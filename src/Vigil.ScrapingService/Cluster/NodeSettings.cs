using System.Globalization;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Vigil.Common.Yaml;
using Vigil.Metrics.Config;

namespace Vigil.ScrapingService.Cluster;

/// <summary>
/// The settings of one ring membership. Any difference between two of them on reload means leave and re-join, as
/// Grafana Agent's node does on any change of the block (Test_node_ApplyConfig).
/// </summary>
public sealed record NodeSettings(
    string Id,
    string Address,
    int NumTokens,
    TimeSpan HeartbeatPeriod,
    TimeSpan HeartbeatTimeout,
    bool UnregisterOnShutdown,
    string RingKvIdentity)
{
    /// <summary>The key under the ring's <c>kvstore.prefix</c> that holds the members, as Grafana Agent's ring key.</summary>
    public const string RingKey = "agent/";

    /// <summary>
    /// Settings from the lifecycler block. <c>id</c> defaults to the hostname (the YAML default). The address is
    /// <c>address</c>, else the first IPv4 address (IPv6 too with <c>enable_inet6</c>) of the first of
    /// <c>interface_names</c> that has one; the port is <c>port</c>, else <paramref name="grpcPort"/>. Where dskit fails
    /// when no interface matches, Vigil falls back to <paramref name="fallbackHost"/> with a warning: the address is only
    /// shown on <c>/debug/ring</c>, ownership is decided by id.
    /// </summary>
    public static NodeSettings From(LifecyclerConfig lifecycler, int grpcPort, string fallbackHost, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(lifecycler);
        var ring = lifecycler.Ring ?? new RingConfig();
        var id = string.IsNullOrEmpty(lifecycler.Id) ? Environment.MachineName : lifecycler.Id;
        var host = lifecycler.Address;
        if (string.IsNullOrEmpty(host))
        {
            host = InterfaceAddress(lifecycler.InterfaceNames ?? [], lifecycler.EnableInet6);
            if (host is null)
            {
                logger.LogWarning(
                    "no address found on interfaces {interfaces}; using {host} as the ring address (set lifecycler.address)",
                    string.Join(",", lifecycler.InterfaceNames ?? []),
                    fallbackHost);
                host = fallbackHost;
            }
        }

        var port = lifecycler.Port > 0 ? lifecycler.Port : grpcPort;
        var address = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port.ToString(CultureInfo.InvariantCulture)}" : $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";
        var heartbeatTimeout = ring.HeartbeatTimeout.Value;
        return new NodeSettings(
            id,
            address,
            lifecycler.NumTokens > 0 ? lifecycler.NumTokens : 128,
            lifecycler.HeartbeatPeriod.Value,
            // dskit: a zero timeout means members never turn unhealthy.
            heartbeatTimeout > TimeSpan.Zero ? heartbeatTimeout : TimeSpan.FromDays(3650),
            lifecycler.UnregisterOnShutdown,
            VigilYaml.Serialize(ring.KvStore ?? new KvStoreConfig(), scrubSecrets: false));
    }

    private static string? InterfaceAddress(IReadOnlyList<string> names, bool inet6)
    {
        NetworkInterface[] interfaces;
        try
        {
            interfaces = NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException)
        {
            return null;
        }

        foreach (var name in names)
        {
            var nic = interfaces.FirstOrDefault(n => n.Name == name);
            var addresses = nic?.GetIPProperties().UnicastAddresses.Select(a => a.Address).ToList() ?? [];
            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? (inet6 ? addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetworkV6 && !a.IsIPv6LinkLocal) : null);
            if (chosen is not null)
            {
                return chosen.ToString();
            }
        }

        return null;
    }
}
