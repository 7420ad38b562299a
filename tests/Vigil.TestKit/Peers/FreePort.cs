using System.Net;
using System.Net.Sockets;

namespace Vigil.TestKit.Peers;

/// <summary>
/// Finds a free TCP port on 127.0.0.1. All test traffic stays on loopback. Ports come from 10000–27999, below Linux's
/// ephemeral range (32768–60999): a port the kernel handed out for a moment can be taken by any outgoing connection
/// before a peer binds it, which made peers fail with "address already in use" on a busy machine. The bench harness
/// uses 29000 and up.
/// </summary>
public static class FreePort
{
    private const int First = 10000;
    private const int Count = 18000;
    private static int _next = Random.Shared.Next(Count);

    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException("no free TCP port on 127.0.0.1 in 10000-27999");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
