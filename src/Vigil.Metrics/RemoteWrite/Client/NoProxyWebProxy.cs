using System.Net;

namespace Vigil.Metrics.RemoteWrite.Client;

/// <summary>
/// A fixed proxy with Go's <c>no_proxy</c> rules for host names: comma-separated entries, <c>*</c> for everything, a
/// name matching itself and its subdomains, a leading dot matching subdomains only, and literal IP addresses.
/// CIDR ranges are not interpreted (they never match).
/// </summary>
internal sealed class NoProxyWebProxy : IWebProxy
{
    private readonly Uri _proxy;
    private readonly string[] _noProxy;

    public NoProxyWebProxy(Uri proxy, string noProxy)
    {
        _proxy = proxy;
        _noProxy = (noProxy ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public ICredentials? Credentials { get; set; }

    public Uri? GetProxy(Uri destination) => _proxy;

    public bool IsBypassed(Uri host)
    {
        var name = host.IdnHost;
        foreach (var entry in _noProxy)
        {
            if (entry == "*")
            {
                return true;
            }

            var pattern = entry.Contains(':', StringComparison.Ordinal) && !IPAddress.TryParse(entry, out _) ? entry[..entry.LastIndexOf(':')] : entry;
            if (pattern.StartsWith('.'))
            {
                if (name.EndsWith(pattern, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            else if (string.Equals(name, pattern, StringComparison.OrdinalIgnoreCase) ||
                name.EndsWith("." + pattern, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
