using System.Net;
using Vigil.TestKit;
using Vigil.TestKit.Peers;

namespace Vigil.EndToEnd.Tests;

/// <summary>The published binary: start, ready, reload (HTTP and SIGHUP), bad input at start-up, graceful stop on signals.</summary>
public sealed class LifecycleProcessTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Binary_ReadyReloadBreakInterrupt_BehavesAsGrafanaAgent()
    {
        var config = WriteConfig("a");
        await using var vigil = VigilProcess.Start(["-config.file=" + config, "-config.enable-read-api"]);
        using var client = await vigil.WaitReadyAsync(StartTimeout);

        // A changed file reloads with 200 and is served by /-/config.
        WriteConfig("b");
        using (var ok = await client.PostAsync(new Uri("-/reload", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        Assert.Contains(WalDir("b"), await client.GetStringAsync(new Uri("-/config", UriKind.Relative)), StringComparison.Ordinal);

        // A broken file reloads with 400 and the old config stays.
        await File.WriteAllTextAsync(config, "server:\n  log_level: [\n");
        using (var bad = await client.PostAsync(new Uri("-/reload", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        Assert.Contains(WalDir("b"), await client.GetStringAsync(new Uri("-/config", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("failed to reload config", vigil.Output, StringComparison.Ordinal);

        // SIGINT stops it within 5 seconds, cleanly.
        await vigil.SignalAsync("INT");
        Assert.Equal(0, await vigil.WaitForExitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("vigil stopped", vigil.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_Sighup_Reloads()
    {
        var config = WriteConfig("a");
        await using var vigil = VigilProcess.Start(["-config.file=" + config, "-config.enable-read-api"]);
        using var client = await vigil.WaitReadyAsync(StartTimeout);
        WriteConfig("sighup");
        await vigil.SignalAsync("HUP");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        string body;
        do
        {
            await Task.Delay(100);
            body = await client.GetStringAsync(new Uri("-/config", UriKind.Relative));
        }
        while (!body.Contains(WalDir("sighup"), StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        Assert.Contains(WalDir("sighup"), body, StringComparison.Ordinal);
        Assert.False(vigil.HasExited);
    }

    [Fact]
    public async Task Binary_Sigterm_StopsGracefully()
    {
        await using var vigil = VigilProcess.Start(["-config.file=" + WriteConfig("a")]);
        _ = await vigil.WaitReadyAsync(StartTimeout);
        await vigil.SignalAsync("TERM");
        Assert.Equal(0, await vigil.WaitForExitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Binary_BadConfig_Exits1WithFileLineAndReason()
    {
        var path = Path.Combine(_dir.Path, "bad.yaml");
        await File.WriteAllTextAsync(path, "server:\n  log_level: info\nmetrics:\n  wal_directory: /tmp/x\n  unknown_key: 1\n");
        var (code, output) = await VigilProcess.RunToExitAsync(["-config.file=" + path], StartTimeout);
        Assert.Equal(1, code);
        Assert.Contains($"error loading config file {path}: line 5: field unknown_key not found", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_MissingConfigFlag_Exits1()
    {
        var (code, output) = await VigilProcess.RunToExitAsync([], StartTimeout);
        Assert.Equal(1, code);
        Assert.Contains("-config.file flag required", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_UnknownFlag_Exits1WithUsage()
    {
        var (code, output) = await VigilProcess.RunToExitAsync(["-no.such.flag=1"], StartTimeout);
        Assert.Equal(1, code);
        Assert.Contains("flag provided but not defined: -no.such.flag", output, StringComparison.Ordinal);
        Assert.Contains("Usage of vigil:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_Version_Exits0()
    {
        var (code, output) = await VigilProcess.RunToExitAsync(["-version"], StartTimeout);
        Assert.Equal(0, code);
        Assert.StartsWith("vigil, version ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_AddressInUse_Exits1()
    {
        await using var first = VigilProcess.Start(["-config.file=" + WriteConfig("a")]);
        using var client = await first.WaitReadyAsync(StartTimeout);
        var busy = client.BaseAddress!.Authority;
        var (code, output) = await VigilProcess.RunToExitAsync(["-config.file=" + WriteConfig("a"), "-server.http.address=" + busy], StartTimeout);
        Assert.Equal(1, code);
        Assert.Contains("failed to start", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_ExampleConfig_RunsWithNoOtherService()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Vigil.slnx")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        await using var vigil = VigilProcess.Start(["-config.file=examples/agent.yaml", "-server.http.address=127.0.0.1:12345"], workingDirectory: root.FullName);
        using var client = await vigil.WaitReadyAsync(StartTimeout);
        Assert.Contains("agent_build_info", await client.GetStringAsync(new Uri("metrics", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Equal("{\"status\":\"success\",\"data\":[\"self\"]}", await client.GetStringAsync(new Uri("agent/api/v1/metrics/instances", UriKind.Relative)));

        // The instance scrapes the agent itself (every 5 s) into /tmp/vigil-example-wal/self/wal.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string targets;
        while (!(targets = await client.GetStringAsync(new Uri("agent/api/v1/metrics/targets", UriKind.Relative))).Contains("\"state\":\"up\"", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the self-scrape target never came up: " + targets);
            await Task.Delay(200);
        }

        Assert.Contains("\"instance\":\"self\",\"target_group\":\"vigil\",\"endpoint\":\"http://127.0.0.1:12345/metrics\"", targets, StringComparison.Ordinal);
        Assert.True(Directory.Exists("/tmp/vigil-example-wal/self/wal"));
        await vigil.SignalAsync("INT");
        Assert.Equal(0, await vigil.WaitForExitAsync(TimeSpan.FromSeconds(5)));
    }

    private string WalDir(string tag) => Path.Combine(_dir.Path, "wal-" + tag);

    private string WriteConfig(string tag)
    {
        var path = Path.Combine(_dir.Path, "agent.yaml");
        File.WriteAllText(path, $"server:\n  log_level: info\nmetrics:\n  wal_directory: {WalDir(tag)}\n");
        return path;
    }
}
