using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Vigil.TestKit.Peers;

/// <summary>
/// A real Prometheus server (Debian's 2.42) as a remote-write receiver (<c>--web.enable-remote-write-receiver</c>) on a
/// fixed free loopback port. Unlike <see cref="PrometheusServer"/> it can be stopped and started again on the same port
/// and data directory, so a sender keeps its URL across a receiver outage and the TSDB keeps what it already took.
/// Disposing stops it and removes its directory.
/// </summary>
public sealed class PrometheusReceiver : IAsyncDisposable
{
    private readonly string _binary;
    private readonly string _configPath;
    private readonly ProcessOutput _log = new();
    private Process? _process;

    private PrometheusReceiver(string binary, string directory, int port)
    {
        _binary = binary;
        Directory = directory;
        Port = port;
        _configPath = Path.Combine(directory, "prometheus.yml");
    }

    public string Directory { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    public int Port { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>Where senders POST: <c>/api/v1/write</c>.</summary>
    public Uri WriteUrl => new(BaseUri, "api/v1/write");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Everything every run of the process wrote so far.</summary>
    public string Log => _log.Text;

    /// <summary>
    /// Starts the receiver. With <paramref name="outOfOrderTimeWindow"/> the TSDB accepts samples older than a series'
    /// newest one within that window, and silently ignores re-sent duplicates, as receivers set up for at-least-once
    /// senders do; without it (Prometheus' default) a request holding any such sample is refused whole with 400.
    /// </summary>
    public static async Task<PrometheusReceiver> StartAsync(TimeSpan? outOfOrderTimeWindow = null)
    {
        var binary = PeerBinary.Find("prometheus", "prometheus");
        var dir = System.IO.Directory.CreateTempSubdirectory("vigil-prom-rw-").FullName;
        System.IO.Directory.CreateDirectory(Path.Combine(dir, "data"));

        // No scrape configs: everything in the TSDB came through remote write.
        var config = "global:\n  scrape_interval: 1h\n";
        if (outOfOrderTimeWindow is { } window)
        {
            config += $"storage:\n  tsdb:\n    out_of_order_time_window: {((long)window.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s\n";
        }

        await File.WriteAllTextAsync(Path.Combine(dir, "prometheus.yml"), config);
        var receiver = new PrometheusReceiver(binary, dir, FreePort.Next());
        try
        {
            await receiver.RestartAsync();
        }
        catch
        {
            await receiver.DisposeAsync();
            throw;
        }

        return receiver;
    }

    /// <summary>Starts the process again (same port, same data) after <see cref="StopAsync"/>; waits until ready.</summary>
    public async Task RestartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("prometheus receiver is already running");
        }

        var psi = new ProcessStartInfo(_binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            $"--config.file={_configPath}",
            $"--web.listen-address=127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}",
            $"--storage.tsdb.path={DataDirectory}",
            "--web.enable-remote-write-receiver",
            "--web.enable-lifecycle",
        })
        {
            psi.ArgumentList.Add(a);
        }

        _process?.Dispose();
        _process = Process.Start(psi) ?? throw new InvalidOperationException("prometheus did not start");
        _log.Attach(_process);
        await WaitReadyAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>SIGTERM, then waits (SIGKILL after 30 s). The data directory stays for <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Runs an instant query and returns the <c>data.result</c> array (throws on a non-success answer).</summary>
    public async Task<JsonElement> QueryAsync(string promql, DateTimeOffset? time = null)
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        var url = "api/v1/query?query=" + Uri.EscapeDataString(promql);
        if (time is { } t)
        {
            url += "&time=" + (t.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        }

        var body = await http.GetStringAsync(new Uri(url, UriKind.Relative));
        using var doc = JsonDocument.Parse(body);
        if (doc.RootElement.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"query {promql} failed: {body}");
        }

        return doc.RootElement.GetProperty("data").GetProperty("result").Clone();
    }

    /// <summary>
    /// The raw samples (timestamp ms, value) of every series matching <paramref name="selector"/> in the
    /// <paramref name="range"/> before <paramref name="at"/>, keyed by the series' labels as <c>{a="1",b="2"}</c>.
    /// </summary>
    public async Task<Dictionary<string, List<(long T, double V)>>> RawSamplesAsync(string selector, TimeSpan range, DateTimeOffset at)
    {
        var seconds = Math.Ceiling(range.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var result = await QueryAsync($"{selector}[{seconds}s]", at);
        var series = new Dictionary<string, List<(long T, double V)>>(StringComparer.Ordinal);
        foreach (var item in result.EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject()
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => $"{p.Name}=\"{p.Value.GetString()}\"");
            var values = new List<(long T, double V)>();
            foreach (var pair in item.GetProperty("values").EnumerateArray())
            {
                var t = (long)Math.Round(pair[0].GetDouble() * 1000);
                var v = double.Parse(pair[1].GetString()!, CultureInfo.InvariantCulture);
                values.Add((t, v));
            }

            series["{" + string.Join(',', labels) + "}"] = values;
        }

        return series;
    }

    /// <summary>The value of a scalar-valued query (first element), or null when the result is empty.</summary>
    public async Task<double?> ScalarAsync(string promql)
    {
        var result = await QueryAsync(promql);
        foreach (var item in result.EnumerateArray())
        {
            return double.Parse(item.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"PrometheusReceiver: could not remove {Directory}: {e.Message}");
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is not { HasExited: false })
            {
                throw new InvalidOperationException($"prometheus exited with {_process?.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("-/ready", UriKind.Relative));
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
