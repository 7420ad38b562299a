using System.Text;
using Vigil.TestKit;
using Vigil.TestKit.Peers;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// Two scrapers side by side, <c>vigil</c> and Prometheus 2.42 in agent mode, with the same <c>scrape_configs</c> and a
/// 1 s interval, both remote-writing into one Prometheus receiver under <c>agent="vigil"</c> and
/// <c>agent="prometheus"</c>. Disposal stops every process even when a start or an assertion failed.
/// </summary>
internal sealed class DifferentialStack : IAsyncDisposable
{
    public const string AgentLabel = "agent";
    public const string Vigil = "vigil";
    public const string Prometheus = "prometheus";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly List<IAsyncDisposable> _owned = [];

    private DifferentialStack(TempDirectory directory)
    {
        Directory = directory;
    }

    public TempDirectory Directory { get; }

    public PrometheusReceiver Receiver { get; private set; } = null!;

    public PrometheusServer PrometheusAgent { get; private set; } = null!;

    public VigilProcess VigilAgent { get; private set; } = null!;

    public HttpClient VigilClient { get; private set; } = null!;

    /// <summary>Both agents' output, for failure messages.</summary>
    public string Logs => $"--- vigil ---\n{VigilAgent?.Output}\n--- prometheus agent ---\n{PrometheusAgent?.Log}";

    /// <summary>
    /// Starts the receiver, then both agents on <paramref name="scrapeConfigs"/> (a YAML list at column 0, the same text
    /// for both). <paramref name="scrapeTimeout"/> is the global scrape_timeout.
    /// </summary>
    public static async Task<DifferentialStack> StartAsync(string scrapeConfigs, string scrapeTimeout = "1s")
    {
        var stack = new DifferentialStack(new TempDirectory());
        try
        {
            stack.Receiver = await stack.OwnAsync(PrometheusReceiver.StartAsync());
            var agentTask = PrometheusServer.StartAsync(stack.PrometheusConfig(scrapeConfigs, scrapeTimeout), agentMode: true, readyTimeout: StartTimeout);
            var configPath = Path.Combine(stack.Directory.Path, "vigil.yaml");
            await File.WriteAllTextAsync(configPath, stack.VigilConfig(scrapeConfigs, scrapeTimeout));
            stack.VigilAgent = VigilProcess.Start(["-config.file=" + configPath]);
            stack._owned.Add(stack.VigilAgent);
            stack.PrometheusAgent = await stack.OwnAsync(agentTask);
            stack.VigilClient = await stack.VigilAgent.WaitReadyAsync(StartTimeout);
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }

        return stack;
    }

    public async ValueTask DisposeAsync()
    {
        VigilClient?.Dispose();

        // Reverse start order: the agents stop before the receiver they write to.
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        _owned.Clear();
        Directory.Dispose();
    }

    /// <summary>Indents a column-0 YAML block by <paramref name="spaces"/>.</summary>
    private static string Indent(string yaml, int spaces)
    {
        var pad = new string(' ', spaces);
        var sb = new StringBuilder();
        foreach (var line in yaml.Split('\n'))
        {
            if (line.Trim().Length > 0)
            {
                sb.Append(pad).Append(line).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string RemoteWrite(Uri url) => $"""
        - url: {url}
          queue_config:
            batch_send_deadline: 1s
            min_backoff: 100ms
            max_backoff: 1s

        """;

    private async Task<T> OwnAsync<T>(Task<T> start)
        where T : IAsyncDisposable
    {
        var value = await start;
        _owned.Add(value);
        return value;
    }

    private string PrometheusConfig(string scrapeConfigs, string scrapeTimeout) =>
        "global:\n" +
        "  scrape_interval: 1s\n" +
        $"  scrape_timeout: {scrapeTimeout}\n" +
        "  external_labels:\n" +
        $"    {AgentLabel}: {Prometheus}\n" +
        "scrape_configs:\n" + Indent(scrapeConfigs, 2) +
        "remote_write:\n" + Indent(RemoteWrite(Receiver.WriteUrl), 2);

    private string VigilConfig(string scrapeConfigs, string scrapeTimeout) =>
        "server:\n  log_level: info\n" +
        "metrics:\n" +
        $"  wal_directory: {Path.Combine(Directory.Path, "vigil-wal")}\n" +
        "  global:\n" +
        "    scrape_interval: 1s\n" +
        $"    scrape_timeout: {scrapeTimeout}\n" +
        "    external_labels:\n" +
        $"      {AgentLabel}: {Vigil}\n" +
        "  configs:\n" +
        "    - name: diff\n" +
        "      scrape_configs:\n" + Indent(scrapeConfigs, 8) +
        "      remote_write:\n" + Indent(RemoteWrite(Receiver.WriteUrl), 8);
}
