using System.Globalization;

namespace Vigil.TestKit.Peers;

/// <summary>
/// Finds which of a few processes holds one end of an loopback TCP connection, from <c>/proc/net/tcp</c>, <c>/proc/net/tcp6</c> and
/// <c>/proc/&lt;pid&gt;/fd</c> (Linux only). Scrape targets use it to tell which agent process sent a request, since every
/// agent sends the same scrape request.
/// </summary>
public static class SocketOwners
{
    /// <summary>
    /// The pid among <paramref name="candidates"/> that owns the socket whose local port is <paramref name="localPort"/>
    /// and whose peer port is <paramref name="peerPort"/>, or null when none does (or the connection is gone).
    /// </summary>
    public static int? Find(int localPort, int peerPort, IEnumerable<int> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var inode = Inode(localPort, peerPort);
        if (inode is null)
        {
            return null;
        }

        var link = $"socket:[{inode}]";
        foreach (var pid in candidates)
        {
            string[] fds;
            try
            {
                fds = Directory.GetFiles($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/fd");
            }
            catch (Exception e) when (e is DirectoryNotFoundException or UnauthorizedAccessException or IOException)
            {
                // The process is gone (killed by the test) or not ours: it cannot own the socket.
                continue;
            }

            foreach (var fd in fds)
            {
                string? target;
                try
                {
                    target = new FileInfo(fd).LinkTarget;
                }
                catch (IOException)
                {
                    // The descriptor closed while we looked.
                    continue;
                }

                if (target == link)
                {
                    return pid;
                }
            }
        }

        return null;
    }

    private static string? Inode(int localPort, int peerPort)
    {
        // .NET clients connect through dual-mode IPv6 sockets, so an IPv4 loopback connection's client end is in tcp6.
        foreach (var line in new[] { "/proc/net/tcp6", "/proc/net/tcp" }.Where(File.Exists).SelectMany(f => File.ReadLines(f).Skip(1)))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 10)
            {
                continue;
            }

            if (Port(fields[1]) == localPort && Port(fields[2]) == peerPort && fields[9] != "0")
            {
                return fields[9];
            }
        }

        return null;
    }

    private static int Port(string address) =>
        int.Parse(address.AsSpan(address.IndexOf(':', StringComparison.Ordinal) + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
