using System.Diagnostics;

namespace Vigil.TestKit.Peers;

/// <summary>
/// A real Prometheus (Debian's package, 2.42) started on a free loopback port with a config the test writes.
/// Server mode by default; agent mode with <c>agentMode: true</c>. Disposing kills it and removes its directory
/// unless <see cref="KeepData"/> is set.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ProcessOutput _log = new();

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        Directory = directory;
        Port = port;
        _log.Attach(_process);
    }

    public string Directory { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    public int Port { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    public bool KeepData { get; set; }

    public string Log => _log.Text;

    /// <summary>Starts Prometheus with <paramref name="configYaml"/>; <paramref name="prepareData"/> may fill the data directory first.</summary>
    public static async Task<PrometheusServer> StartAsync(
        string configYaml,
        bool agentMode = false,
        IEnumerable<string>? extraArgs = null,
        Action<string>? prepareData = null,
        TimeSpan? readyTimeout = null)
    {
        var binary = PeerBinary.Find("prometheus", "prometheus");
        var dir = System.IO.Directory.CreateTempSubdirectory("vigil-prom-").FullName;
        var data = Path.Combine(dir, "data");
        System.IO.Directory.CreateDirectory(data);
        prepareData?.Invoke(data);
        var configPath = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, configYaml);
        var port = FreePort.Next();
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add($"--config.file={configPath}");
        psi.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        psi.ArgumentList.Add(agentMode ? $"--storage.agent.path={data}" : $"--storage.tsdb.path={data}");
        if (agentMode)
        {
            psi.ArgumentList.Add("--enable-feature=agent");
        }

        psi.ArgumentList.Add("--web.enable-lifecycle");
        foreach (var a in extraArgs ?? [])
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("prometheus did not start");
        var server = new PrometheusServer(process, dir, port);
        await server.WaitReadyAsync(readyTimeout ?? TimeSpan.FromSeconds(60));
        return server;
    }

    /// <summary>Runs an instant PromQL query and returns the raw JSON response body.</summary>
    public async Task<string> QueryAsync(string promql, DateTimeOffset? time = null)
    {
        using var http = new HttpClient { BaseAddress = BaseUri };
        var url = "api/v1/query?query=" + Uri.EscapeDataString(promql);
        if (time is { } t)
        {
            url += "&time=" + (t.ToUnixTimeMilliseconds() / 1000.0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await http.GetStringAsync(url);
    }

    /// <summary>Sends SIGKILL-free shutdown: SIGTERM, then waits; kills after the timeout.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (!KeepData)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"PrometheusServer: could not remove {Directory}: {e.Message}");
            }
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync("-/ready");
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

        throw new TimeoutException($"prometheus not ready after {timeout}:\n{Log}");
    }
}
