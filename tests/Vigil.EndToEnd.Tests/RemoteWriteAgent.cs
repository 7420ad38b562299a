using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Vigil.TestKit.Peers;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// A running <c>vigil</c> with one metrics instance, <c>test</c>, whose remote_write goes where the test says. Samples
/// enter through the instance's receive endpoint (<c>POST /agent/api/v1/metrics/instance/test/write</c>), since nothing
/// is scraped. The config file and wal_directory outlive the process, so <see cref="RestartAsync"/> after a kill resumes
/// on the same WAL and savepoints.
/// </summary>
internal sealed class RemoteWriteAgent : IAsyncDisposable
{
    public const string InstanceName = "test";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _configPath;
    private VigilProcess? _process;
    private HttpClient? _client;

    private RemoteWriteAgent(string configPath)
    {
        _configPath = configPath;
    }

    public VigilProcess Process => _process ?? throw new InvalidOperationException("vigil is not running");

    public HttpClient Client => _client ?? throw new InvalidOperationException("vigil is not running");

    /// <summary>Output of the current process (every earlier run's output is lost on restart; see <see cref="History"/>).</summary>
    public string Output => (History + (_process?.Output ?? string.Empty)).Trim();

    /// <summary>The output of processes that were killed or stopped.</summary>
    public string History { get; private set; } = string.Empty;

    /// <summary>
    /// One <c>remote_write</c> list entry with the quick queue settings of these tests; <paramref name="extra"/> lines
    /// go into the entry and <paramref name="queueExtra"/> lines into its <c>queue_config</c>.
    /// </summary>
    public static string RemoteWrite(Uri url, string extra = "", string queueExtra = "")
    {
        var sb = new StringBuilder();
        sb.Append("        - url: ").Append(url).Append('\n');
        sb.Append("          name: rw\n");
        foreach (var line in Lines(extra))
        {
            sb.Append("          ").Append(line).Append('\n');
        }

        sb.Append("          queue_config:\n");
        sb.Append("            batch_send_deadline: 1s\n");
        sb.Append("            min_backoff: 100ms\n");
        sb.Append("            max_backoff: 1s\n");
        foreach (var line in Lines(queueExtra))
        {
            sb.Append("            ").Append(line).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The whole agent config: <paramref name="remoteWrite"/> is the output of <see cref="RemoteWrite"/>.</summary>
    public static string Config(string walDirectory, string remoteWrite, IReadOnlyDictionary<string, string>? externalLabels = null)
    {
        var sb = new StringBuilder();
        sb.Append("server:\n  log_level: info\nmetrics:\n  wal_directory: ").Append(walDirectory).Append('\n');
        if (externalLabels is { Count: > 0 })
        {
            sb.Append("  global:\n    external_labels:\n");
            foreach (var (name, value) in externalLabels)
            {
                sb.Append("      ").Append(name).Append(": \"").Append(value).Append("\"\n");
            }
        }

        sb.Append("  configs:\n    - name: ").Append(InstanceName).Append('\n');
        sb.Append("      remote_write:\n").Append(remoteWrite);
        return sb.ToString();
    }

    /// <summary>Writes the config into <paramref name="directory"/> and starts vigil on it; returns once ready.</summary>
    public static async Task<RemoteWriteAgent> StartAsync(string directory, string remoteWrite, IReadOnlyDictionary<string, string>? externalLabels = null)
    {
        var configPath = Path.Combine(directory, "agent.yaml");
        await File.WriteAllTextAsync(configPath, Config(Path.Combine(directory, "wal"), remoteWrite, externalLabels));
        var agent = new RemoteWriteAgent(configPath);
        try
        {
            await agent.RestartAsync();
        }
        catch
        {
            await agent.DisposeAsync();
            throw;
        }

        return agent;
    }

    /// <summary>Starts vigil again on the same config and wal_directory (after <see cref="KillAsync"/>).</summary>
    public async Task RestartAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("vigil is still running");
        }

        await ForgetProcessAsync();
        _process = VigilProcess.Start(["-config.file=" + _configPath]);
        _client = await _process.WaitReadyAsync(StartTimeout);
    }

    /// <summary>SIGKILL: no flush, no savepoint written on the way out.</summary>
    public async Task KillAsync()
    {
        await Process.SignalAsync("KILL");
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>POSTs one remote-write body to the instance; returns the status (0 when the request did not complete).</summary>
    public static async Task<int> PushAsync(HttpClient client, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        try
        {
            using var response = await client.PostAsync(new Uri($"agent/api/v1/metrics/instance/{InstanceName}/write", UriKind.Relative), content);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
        catch (TaskCanceledException)
        {
            return 0;
        }
    }

    public Task<int> PushAsync(byte[] body) => PushAsync(Client, body);

    /// <summary>Pushes and fails the test unless vigil answers 204.</summary>
    public async Task PushOkAsync(byte[] body)
    {
        var status = await PushAsync(body);
        if (status != (int)HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"receive endpoint answered {status}:\n{Output}");
        }
    }

    /// <summary>The sum over all label sets of <paramref name="metric"/> on vigil's <c>/metrics</c>.</summary>
    public async Task<double> MetricSumAsync(string metric)
    {
        var text = await Client.GetStringAsync(new Uri("metrics", UriKind.Relative));
        var sum = 0.0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || !(line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal)))
            {
                continue;
            }

            sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }

        return sum;
    }

    public async ValueTask DisposeAsync() => await ForgetProcessAsync();

    // Callers indent nested lines relative to column 0; blank lines are dropped.
    private static IEnumerable<string> Lines(string text) => text.Split('\n').Where(l => l.Trim().Length > 0);

    private async Task ForgetProcessAsync()
    {
        _client?.Dispose();
        _client = null;
        if (_process is { } p)
        {
            await p.DisposeAsync();
            History += p.Output;
            _process = null;
        }
    }
}
