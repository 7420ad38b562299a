using System.Net;
using System.Net.Sockets;

namespace Vigil.TestKit.Peers;

/// <summary>Finds a free TCP port on 127.0.0.1. All test traffic stays on loopback.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
