using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.TestKit.Peers;

/// <summary>
/// The published <c>vigil</c> binary run as a child process: <c>VIGIL_BINARY</c> (set by test.sh), else
/// <c>artifacts/vigil/vigil</c> under the repository root. A missing binary fails the test with the command that builds it.
/// </summary>
public sealed partial class VigilProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ProcessOutput _output = new();
    private readonly TaskCompletionSource<int> _httpPort = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private VigilProcess(Process process)
    {
        _process = process;
        _output.Line += OnLine;
        _output.Attach(_process);
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output => _output.Text;

    public static string BinaryPath()
    {
        var fromEnv = Environment.GetEnvironmentVariable("VIGIL_BINARY");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return File.Exists(fromEnv) ? fromEnv : throw new InvalidOperationException($"VIGIL_BINARY={fromEnv} does not exist");
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }

        var candidate = dir is null ? null : Path.Combine(dir.FullName, "artifacts", "vigil", "vigil");
        return candidate is not null && File.Exists(candidate)
            ? candidate
            : throw new InvalidOperationException(
                "the vigil binary is missing: run ./test.sh, or `dotnet publish src/Vigil.Server -c Release -o artifacts/vigil`, or set VIGIL_BINARY");
    }

    /// <summary>Starts vigil with <paramref name="args"/> (the HTTP and gRPC addresses default to free loopback ports).</summary>
    public static VigilProcess Start(IEnumerable<string> args, string? workingDirectory = null)
    {
        var list = args.ToList();
        if (!list.Any(a => a.Contains("server.http.address", StringComparison.Ordinal)))
        {
            list.Add("-server.http.address=127.0.0.1:0");
        }

        if (!list.Any(a => a.Contains("server.grpc.address", StringComparison.Ordinal)))
        {
            list.Add("-server.grpc.address=127.0.0.1:0");
        }

        var psi = new ProcessStartInfo(BinaryPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in list)
        {
            psi.ArgumentList.Add(a);
        }

        return new VigilProcess(Process.Start(psi) ?? throw new InvalidOperationException("vigil did not start"));
    }

    /// <summary>Runs vigil to completion (for flag and config errors) and returns its exit code.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IEnumerable<string> args, TimeSpan timeout)
    {
        await using var p = Start(args);
        var code = await p.WaitForExitAsync(timeout);
        return (code, p.Output);
    }

    /// <summary>Waits for the "server listening" log line and returns a client for the HTTP address.</summary>
    public async Task<HttpClient> WaitListeningAsync(TimeSpan timeout)
    {
        var port = await _httpPort.Task.WaitAsync(timeout).ConfigureAwait(false);
        return new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Polls <c>/-/ready</c> until 200.</summary>
    public async Task<HttpClient> WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var client = await WaitListeningAsync(timeout).ConfigureAwait(false);
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"vigil exited with {ExitCode}:\n{Output}");
            }

            using (var response = await client.GetAsync(new Uri("-/ready", UriKind.Relative)).ConfigureAwait(false))
            {
                if (response.IsSuccessStatusCode)
                {
                    return client;
                }
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"vigil not ready after {timeout}:\n{Output}");
    }

    /// <summary>Sends a signal by name (INT, TERM, HUP, KILL).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Pid.ToString(CultureInfo.InvariantCulture)]);
        await kill!.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>Waits for exit; -1 when the timeout passed first (the process is then killed).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            return -1;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private void OnLine(string line)
    {
        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            _httpPort.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"server listening on addresses [^ ]*:(\d+) \(http\)")]
    private static partial Regex ListeningLine();
}
