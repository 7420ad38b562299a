using Vigil.TestKit;
using Vigil.TestKit.Peers;
using Wire = Vigil.Metrics.Tests.RemoteWrite.Proto;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// One vigil and one recording receiver shared by the sender-conformance tests: external labels, a custom header,
/// write_relabel_configs (drop a metric, drop a label) and native histograms on. Every test pushes its own metric
/// names and waits for them, so the tests do not see each other's series.
/// </summary>
public sealed class RemoteWriteConformanceFixture : IAsyncLifetime
{
    public const string DroppedMetric = "rw_conf_dropped";
    public const string DroppedLabel = "secret";
    public const string TenantHeader = "X-Scope-OrgID";
    public const string Tenant = "tenant-1";

    public static readonly IReadOnlyDictionary<string, string> ExternalLabels = new Dictionary<string, string>
    {
        ["cluster"] = "e2e",
        ["replica"] = "r1",
    };

    private readonly TempDirectory _dir = new("vigil-rw-conformance-");
    private ScriptedReceiver? _receiver;
    private RemoteWriteAgent? _agent;

    public ScriptedReceiver Receiver => _receiver ?? throw new InvalidOperationException("not started");

    internal RemoteWriteAgent Agent => _agent ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _receiver = await ScriptedReceiver.StartAsync();
        var extra = $"""
            headers:
              {TenantHeader}: {Tenant}
            send_native_histograms: true
            write_relabel_configs:
              - source_labels: [__name__]
                regex: {DroppedMetric}
                action: drop
              - regex: {DroppedLabel}
                action: labeldrop
            """;
        try
        {
            _agent = await RemoteWriteAgent.StartAsync(_dir.Path, RemoteWriteAgent.RemoteWrite(_receiver.Url, extra), ExternalLabels);
        }
        catch
        {
            // A fixture that failed to start is not disposed by xunit: stop the receiver here.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }

        _dir.Dispose();
    }

    /// <summary>Every series the receiver accepted so far, decoded, in arrival order.</summary>
    internal List<Wire.TimeSeries> AcceptedSeries() =>
        Receiver.Requests.Where(r => r.Accepted).SelectMany(r => RemoteWriteWire.Decode(r.Body).Timeseries).ToList();

    /// <summary>Waits until a series named <paramref name="metric"/> arrived and returns all of them.</summary>
    internal async Task<List<Wire.TimeSeries>> WaitForMetricAsync(string metric, int samples = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var found = AcceptedSeries().Where(ts => ts.Labels.Any(l => l.Name == "__name__" && l.Value == metric)).ToList();
            if (found.Sum(ts => ts.Samples.Count + ts.Histograms.Count) >= samples)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{metric} did not arrive ({found.Count} series so far):\n{Agent.Output}");
            }

            await Task.Delay(100);
        }
    }
}
