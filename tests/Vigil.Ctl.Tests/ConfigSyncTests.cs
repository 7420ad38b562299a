using System.Net;
using System.Text;
using Vigil.TestKit;

namespace Vigil.Ctl.Tests;

/// <summary>config-sync against a recording fake of the config API (Grafana Agent's sync_test.go cases).</summary>
[Collection(nameof(ConfigSyncTests))]
public sealed class ConfigSyncTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        Cli.HttpHandler = null;
        _dir.Dispose();
    }

    [Fact]
    public void EmptyStore_UploadsEveryFile()
    {
        WriteConfigs("agent-1", "agent-2", "agent-3");
        var api = new FakeConfigApi();
        Cli.HttpHandler = api;
        Assert.Equal(0, Run(["config-sync", _dir.Path]));
        Assert.Equal(["POST agent-1", "POST agent-2", "POST agent-3", "GET list"], api.Calls);
    }

    [Fact]
    public void PrepopulatedStore_DeletesOnlyRemoteOnlyNames()
    {
        WriteConfigs("agent-1", "agent-2", "agent-3");
        var api = new FakeConfigApi("agent-1", "delete-a", "agent-2", "delete-b");
        Cli.HttpHandler = api;
        Assert.Equal(0, Run(["config-sync", _dir.Path, "--addr", "http://127.0.0.1:1"]));
        Assert.Equal(["POST agent-1", "POST agent-2", "POST agent-3", "GET list", "DELETE delete-a", "DELETE delete-b"], api.Calls);
    }

    [Fact]
    public void DryRun_MakesNoCalls()
    {
        WriteConfigs("agent-1", "agent-2");
        var api = new FakeConfigApi("old");
        Cli.HttpHandler = api;
        var stdout = new StringWriter();
        Assert.Equal(0, Cli.Run(["config-sync", _dir.Path, "-d"], stdout, new StringWriter()));
        Assert.Empty(api.Calls);
        Assert.Contains("would upload config agent-1", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BadFileAndRejectedUpload_GoOnAndExit1()
    {
        WriteConfigs("good", "rejected");
        File.WriteAllText(Path.Combine(_dir.Path, "broken.yaml"), "nope: 1\n");
        File.WriteAllText(Path.Combine(_dir.Path, "ignored.txt"), "not a config");
        Directory.CreateDirectory(Path.Combine(_dir.Path, "sub.yml"));
        var api = new FakeConfigApi("stale") { Reject = "rejected" };
        Cli.HttpHandler = api;
        var stderr = new StringWriter();
        Assert.Equal(1, Cli.Run(["config-sync", _dir.Path], new StringWriter(), stderr));
        Assert.Equal(["POST good", "POST rejected", "GET list", "DELETE stale"], api.Calls);
        Assert.Contains("failed to parse config", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("field nope not found", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("failed to upload config rejected: 400: failed to validate config: nope", stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "config-sync" }, "accepts 1 arg(s), received 0")]
    [InlineData(new[] { "config-sync", "/tmp", "--bogus" }, "unknown argument \"--bogus\"")]
    public void BadArguments_Exit1(string[] args, string expected)
    {
        var stderr = new StringWriter();
        Assert.Equal(1, Cli.Run(args, new StringWriter(), stderr));
        Assert.Contains(expected, stderr.ToString(), StringComparison.Ordinal);
    }

    private static int Run(string[] args) => Cli.Run(args, new StringWriter(), new StringWriter());

    private void WriteConfigs(params string[] names)
    {
        foreach (var name in names)
        {
            File.WriteAllText(Path.Combine(_dir.Path, name + ".yml"), $"host_filter: false\nscrape_configs:\n- job_name: {name}\n  static_configs:\n  - targets: ['127.0.0.1:9']\n");
        }
    }

    private sealed class FakeConfigApi(params string[] remote) : HttpMessageHandler
    {
        private readonly List<string> _remote = [.. remote];

        public List<string> Calls { get; } = [];

        public string? Reject { get; init; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (path == "/agent/api/v1/configs")
            {
                Calls.Add("GET list");
                var json = "{\"status\":\"success\",\"data\":{\"configs\":[" + string.Join(",", _remote.Select(r => $"\"{r}\"")) + "]}}";
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
            }

            var name = Uri.UnescapeDataString(path["/agent/api/v1/config/".Length..]);
            Calls.Add($"{request.Method} {name}");
            if (name == Reject)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest)
                {
                    Content = new StringContent("{\"status\":\"error\",\"data\":{\"error\":\"failed to validate config: nope\"}}"),
                });
            }

            if (request.Method == HttpMethod.Post && !_remote.Contains(name))
            {
                _remote.Add(name);
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"status\":\"success\"}") });
        }
    }
}
