using System.Diagnostics;

namespace Vigil.TestKit.Peers;

/// <summary>
/// A real node_exporter (Debian's prometheus-node-exporter) on a free loopback port, as a scrape target with a real,
/// large page. The textfile collector is pointed at an empty temporary directory so the host's files do not leak in.
/// </summary>
public sealed class NodeExporter : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ProcessOutput _log = new();
    private readonly string _directory;

    private NodeExporter(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
        _log.Attach(_process);
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public string Log => _log.Text;

    public static async Task<NodeExporter> StartAsync(IEnumerable<string>? extraArgs = null, TimeSpan? readyTimeout = null)
    {
        var binary = PeerBinary.Find("prometheus-node-exporter", "prometheus-node-exporter");
        var dir = Directory.CreateTempSubdirectory("vigil-node-exporter-").FullName;
        var port = FreePort.Next();
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        psi.ArgumentList.Add($"--collector.textfile.directory={dir}");
        foreach (var a in extraArgs ?? [])
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("prometheus-node-exporter did not start");
        var exporter = new NodeExporter(process, dir, port);
        await exporter.WaitReadyAsync(readyTimeout ?? TimeSpan.FromSeconds(30));
        return exporter;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"NodeExporter: could not remove {_directory}: {e.Message}");
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus-node-exporter exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://{Address}/metrics"));
                if (response.IsSuccessStatusCode)
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
                // Slow start on a loaded machine; try again until the deadline.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"prometheus-node-exporter not ready after {timeout}:\n{Log}");
    }
}
