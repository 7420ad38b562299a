using System.Diagnostics;
using System.Globalization;
using Vigil.TestKit;
using Vigil.TestKit.Peers;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// The receive path end to end: a real Prometheus 2.42 receiver (remote-write receiver on, an out-of-order window so
/// a resend after a crash is accepted as the duplicate it is), and the published vigil with one instance,
/// <c>recv</c>, whose remote_write forwards to it with short queue timings. Disposing stops both processes.
/// </summary>
internal sealed class ReceiveStack : IAsyncDisposable
{
    public const string Instance = "recv";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _dir = new("vigil-receive-");

    private ReceiveStack(PrometheusServer receiver, string writeRelabelYaml)
    {
        Receiver = receiver;
        ConfigPath = _dir.Combine("agent.yaml");
        File.WriteAllText(ConfigPath, $"""
            server:
              log_level: info
            metrics:
              wal_directory: {_dir.Combine("wal")}
              configs:
              - name: {Instance}
                remote_write:
                - url: http://127.0.0.1:{Receiver.Port.ToString(CultureInfo.InvariantCulture)}/api/v1/write
                  queue_config:
                    batch_send_deadline: 1s
                    min_backoff: 100ms
                    max_backoff: 1s
            {writeRelabelYaml}
            """);
    }

    public PrometheusServer Receiver { get; }

    public string ConfigPath { get; }

    public VigilProcess? Vigil { get; private set; }

    public HttpClient? Client { get; private set; }

    public Uri WriteUri => new(Client!.BaseAddress!, $"agent/api/v1/metrics/instance/{Instance}/write");

    /// <param name="writeRelabelYaml">Lines appended under the remote_write entry (indented 6 spaces), or empty.</param>
    public static async Task<ReceiveStack> StartAsync(string writeRelabelYaml = "")
    {
        var receiver = await PrometheusServer.StartAsync(
            "global:\n  scrape_interval: 1h\nstorage:\n  tsdb:\n    out_of_order_time_window: 1h\n",
            extraArgs: ["--web.enable-remote-write-receiver"]);
        var stack = new ReceiveStack(receiver, writeRelabelYaml);
        try
        {
            await stack.StartVigilAsync();
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts (or restarts, on the same WAL directory) the vigil process and waits until it is ready.</summary>
    public async Task StartVigilAsync()
    {
        Client?.Dispose();
        if (Vigil is not null)
        {
            await Vigil.DisposeAsync();
        }

        Vigil = VigilProcess.Start(["-config.file=" + ConfigPath]);
        Client = await Vigil.WaitReadyAsync(StartTimeout);
    }

    /// <summary>SIGKILL: no flush, no savepoint write, no WAL close.</summary>
    public async Task KillVigilAsync()
    {
        await Vigil!.SignalAsync("KILL");
        await Vigil.WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// SIGSTOP (or SIGCONT) the receiver: while it is stopped vigil's sends hang, so what vigil acknowledges then
    /// exists only in its WAL.
    /// </summary>
    public async Task SignalReceiverAsync(string signal)
    {
        var pid = ReceiverPid();
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]);
        await kill!.WaitForExitAsync();
    }

    public string Diagnostics() => $"--- vigil ---\n{Vigil?.Output}\n--- receiver ---\n{Receiver.Log}";

    // PrometheusServer keeps its process to itself; its listen address on the command line identifies it.
    private int ReceiverPid()
    {
        var flag = $"--web.listen-address=127.0.0.1:{Receiver.Port.ToString(CultureInfo.InvariantCulture)}";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0').Contains(flag))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // The process ended while the list was read.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours.
            }
        }

        throw new InvalidOperationException("receiver process not found: " + flag);
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Vigil is not null)
        {
            await Vigil.DisposeAsync();
        }

        await Receiver.DisposeAsync();
        _dir.Dispose();
    }
}
