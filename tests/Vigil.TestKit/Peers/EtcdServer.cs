using System.Diagnostics;
using System.Globalization;

namespace Vigil.TestKit.Peers;

/// <summary>
/// A real etcd (Debian's etcd-server, 3.4) on free loopback client and peer ports with a temporary data directory.
/// <see cref="KillAsync"/> and <see cref="RestartAsync"/> let fault tests take it away and bring it back on the same data.
/// </summary>
public sealed class EtcdServer : IAsyncDisposable
{
    private readonly string _binary;
    private readonly ProcessOutput _log = new();
    private Process? _process;

    private EtcdServer(string binary, string dataDirectory, int clientPort, int peerPort)
    {
        _binary = binary;
        DataDirectory = dataDirectory;
        ClientPort = clientPort;
        PeerPort = peerPort;
    }

    public string DataDirectory { get; }

    public int ClientPort { get; }

    public int PeerPort { get; }

    public string Endpoint => $"http://127.0.0.1:{ClientPort}";

    public string Log => _log.Text;

    public static async Task<EtcdServer> StartAsync()
    {
        var binary = PeerBinary.Find("etcd", "etcd-server");
        var baseDir = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var data = Path.Combine(baseDir, "vigil-etcd-" + Guid.NewGuid().ToString("N"));
        var server = new EtcdServer(binary, data, FreePort.Next(), FreePort.Next());
        await server.LaunchAsync(newCluster: true);
        return server;
    }

    /// <summary>SIGKILL: no goodbye, as a crash.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public Task RestartAsync() => LaunchAsync(newCluster: false);

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never created: etcd failed before writing anything.
        }
    }

    private async Task LaunchAsync(bool newCluster)
    {
        var client = $"http://127.0.0.1:{ClientPort.ToString(CultureInfo.InvariantCulture)}";
        var peer = $"http://127.0.0.1:{PeerPort.ToString(CultureInfo.InvariantCulture)}";
        var psi = new ProcessStartInfo(_binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "--name", "vigil-test", "--data-dir", DataDirectory,
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
            "--initial-cluster", "vigil-test=" + peer, "--initial-cluster-state", newCluster ? "new" : "existing",
            "--log-level", "warn", "--logger", "zap",
        })
        {
            psi.ArgumentList.Add(a);
        }

        _process?.Dispose();
        _process = Process.Start(psi) ?? throw new InvalidOperationException("etcd did not start");
        _log.Attach(_process);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"etcd exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                var health = await http.GetStringAsync(new Uri(client + "/health"));
                if (health.Contains("\"health\":\"true\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow start on a loaded machine.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"etcd not healthy after 30s:\n{Log}");
    }
}
