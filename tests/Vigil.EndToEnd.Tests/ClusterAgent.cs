using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigil.TestKit.Peers;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// One <c>vigil</c> process of a scraping-service cluster: its lifecycler id, its own WAL directory and config file
/// (kept across <see cref="RestartAsync"/>, so a restarted agent is the same member), and an HTTP client.
/// </summary>
internal sealed class ClusterAgent : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly string _configPath;
    private VigilProcess? _process;
    private HttpClient? _client;

    public ClusterAgent(string id, string directory, string yaml)
    {
        Id = id;
        Directory.CreateDirectory(directory);
        _configPath = Path.Combine(directory, "agent.yaml");
        File.WriteAllText(_configPath, yaml);
    }

    public string Id { get; }

    /// <summary>The pid of the running process, or null once killed.</summary>
    public int? Pid => _process is { HasExited: false } p ? p.Pid : null;

    public HttpClient Client => _client ?? throw new InvalidOperationException($"{Id} is not running");

    public string Output => _process?.Output ?? string.Empty;

    /// <summary>
    /// The scraping-service block for one member: configs and ring in etcd at <paramref name="etcd"/>, a 1 s heartbeat
    /// and a 5 s heartbeat timeout, <paramref name="reshard"/> between full reconciles. The ring's <c>prefix</c> is spelled
    /// out: left out, Vigil gives it the config store's default (<c>configurations/</c>) instead of <c>collectors/</c>,
    /// and every ring record lands among the configs.
    /// </summary>
    public static string EtcdYaml(string id, string walDirectory, string etcd, TimeSpan reshard) => $"""
        metrics:
          wal_directory: {walDirectory}
          global:
            scrape_interval: 1s
          scraping_service:
            enabled: true
            reshard_interval: {reshard.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s
            kvstore:
              store: etcd
              etcd:
                endpoints: [{etcd}]
            lifecycler:
              id: {id}
              heartbeat_period: 1s
              ring:
                heartbeat_timeout: 5s
                kvstore:
                  store: etcd
                  prefix: collectors/
                  etcd:
                    endpoints: [{etcd}]

        """;

    /// <summary>A config scraping <paramref name="target"/> of <paramref name="targets"/> every second, under its own job name.</summary>
    public static string ScrapeConfig(string target, ScrapeTargets targets) => $"""
        scrape_configs:
        - job_name: job-{target}
          scrape_interval: 1s
          scrape_timeout: 1s
          metrics_path: {ScrapeTargets.MetricsPath(target)}
          static_configs:
          - targets: ['{targets.HostPort}']

        """;

    public async Task StartAsync()
    {
        _process = VigilProcess.Start(["-config.file=" + _configPath, "-config.enable-read-api"]);
        _client = await _process.WaitReadyAsync(StartTimeout);
    }

    /// <summary>SIGKILL: the member stays in the ring until its heartbeat times out.</summary>
    public async Task KillAsync()
    {
        if (_process is { } p)
        {
            await p.SignalAsync("KILL");
            await p.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        _client?.Dispose();
        _client = null;
    }

    public async Task RestartAsync()
    {
        await DisposeAsync();
        await StartAsync();
    }

    public async Task<HttpResponseMessage> PutConfigAsync(string name, string yaml) =>
        await Client.PutAsync(
            new Uri("agent/api/v1/config/" + name, UriKind.Relative),
            new StringContent(yaml, Encoding.UTF8, "application/yaml"));

    /// <summary>The instance (config name) of every active target this agent reports.</summary>
    public async Task<IReadOnlyList<(string Instance, string Endpoint, string State)>> TargetsAsync()
    {
        using var doc = JsonDocument.Parse(await Client.GetStringAsync(new Uri("agent/api/v1/metrics/targets", UriKind.Relative)));
        return doc.RootElement.GetProperty("data").EnumerateArray()
            .Select(t => (t.GetProperty("instance").GetString()!, t.GetProperty("endpoint").GetString()!, t.GetProperty("state").GetString()!))
            .ToList();
    }

    /// <summary>The ids and states on <c>/debug/ring</c>.</summary>
    public async Task<IReadOnlyList<(string Id, string State, bool Healthy)>> RingAsync()
    {
        using var doc = JsonDocument.Parse(await Client.GetStringAsync(new Uri("debug/ring", UriKind.Relative)));
        return doc.RootElement.GetProperty("shards").EnumerateArray()
            .Select(s => (s.GetProperty("id").GetString()!, s.GetProperty("state").GetString()!, s.GetProperty("healthy").GetBoolean()))
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _client = null;
        if (_process is { } p)
        {
            await p.DisposeAsync();
            _process = null;
        }
    }
}
