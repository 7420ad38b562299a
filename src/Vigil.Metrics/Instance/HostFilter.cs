using Vigil.Common.Model;
using Vigil.Metrics.Discovery;
using Vigil.Metrics.Relabel;

namespace Vigil.Metrics.Instance;

/// <summary>
/// <c>host_filter</c>: keeps only the discovered targets that run on this machine (Grafana Agent's host filter). The
/// <c>host_filter_relabel_configs</c> run on a copy of each target's labels for the check only; the target keeps its
/// labels. The address host (port stripped) is compared first; <c>localhost</c> and <c>127.0.0.1</c> always match;
/// a target without an address (also one dropped by the relabeling) is kept; otherwise the first non-empty node label
/// decides.
/// </summary>
internal static class HostFilter
{
    private static readonly string[] NodeLabels =
    [
        "__meta_consul_node",
        "__meta_dockerswarm_node_id",
        "__meta_dockerswarm_node_hostname",
        "__meta_dockerswarm_node_address",
        "__meta_kubernetes_pod_node_name",
        "__meta_kubernetes_node_name",
        "__host__",
    ];

    /// <summary>The host name to match: <c>$HOSTNAME</c>, else the machine name.</summary>
    public static string LocalHostName() =>
        Environment.GetEnvironmentVariable("HOSTNAME") is { Length: > 0 } h ? h : Environment.MachineName;

    public static IReadOnlyList<TargetGroup> Filter(IReadOnlyList<TargetGroup> groups, string host, IReadOnlyList<RelabelRule> rules)
    {
        var result = new List<TargetGroup>(groups.Count);
        var lb = new LabelsBuilder();
        foreach (var group in groups)
        {
            var kept = new List<Labels>(group.Targets.Count);
            foreach (var target in group.Targets)
            {
                lb.Reset(group.Labels);
                foreach (var l in target)
                {
                    lb.Set(l.Name, l.Value);
                }

                var keep = !Relabeler.Process(lb, rules) || !ShouldFilter(lb, host);
                if (keep)
                {
                    kept.Add(target);
                }
            }

            // A group that lost every target is still passed on empty, so the scrape manager drops its old targets.
            result.Add(kept.Count == group.Targets.Count ? group : group with { Targets = kept });
        }

        return result;
    }

    internal static bool ShouldFilter(LabelsBuilder labels, string host)
    {
        var address = labels.Get(TargetGroup.AddressLabel);
        if (address.Length == 0 || !ShouldFilterValue(address, host))
        {
            return false;
        }

        foreach (var name in NodeLabels)
        {
            var value = labels.Get(name);
            if (value.Length > 0)
            {
                return ShouldFilterValue(value, host);
            }
        }

        return true;
    }

    private static bool ShouldFilterValue(string value, string host)
    {
        var hostPart = SplitHost(value) ?? value;
        if (hostPart is "localhost" or "127.0.0.1")
        {
            return false;
        }

        return hostPart != host;
    }

    // Go's net.SplitHostPort: "host:port" or "[v6]:port"; anything else has no port to strip.
    private static string? SplitHost(string value)
    {
        if (value.StartsWith('['))
        {
            var end = value.IndexOf("]:", StringComparison.Ordinal);
            return end > 0 ? value[1..end] : null;
        }

        var colon = value.LastIndexOf(':');
        return colon > 0 && value.IndexOf(':') == colon ? value[..colon] : null;
    }
}
