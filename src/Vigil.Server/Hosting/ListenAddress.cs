using System.Globalization;
using System.Net;

namespace Vigil.Server.Hosting;

/// <summary>A Go-style <c>host:port</c> listen address; an empty host means every interface, port 0 a free port.</summary>
internal static class ListenAddress
{
    public static IPEndPoint Parse(string flag, string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon < 0)
        {
            throw new FormatException($"-{flag}: address {address}: missing port in address");
        }

        var host = address[..colon].Trim('[', ']');
        var portText = address[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"-{flag}: address {address}: invalid port \"{portText}\"");
        }

        IPAddress ip;
        if (host.Length == 0 || host == "0.0.0.0")
        {
            ip = IPAddress.Any;
        }
        else if (host == "localhost")
        {
            ip = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out ip!))
        {
            var resolved = Dns.GetHostAddresses(host);
            ip = resolved.Length > 0
                ? resolved[0]
                : throw new FormatException($"-{flag}: address {address}: host \"{host}\" does not resolve");
        }

        return new IPEndPoint(ip, port);
    }
}
