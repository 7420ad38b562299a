using System.Text;
using Vigil.Server.Config;
using Vigil.Server.Flags;
using Vigil.Server.Hosting;
using Vigil.Server.Logging;
using Vigil.TestKit;

namespace Vigil.Server.Tests.Api;

/// <summary>An agent host running in-process on real Kestrel, on free loopback ports, with a config file the test can rewrite.</summary>
internal sealed class RunningAgent : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly StringWriter _log;

    private RunningAgent(TempDirectory dir, string configPath, AgentHost host, StringWriter log)
    {
        _dir = dir;
        ConfigPath = configPath;
        Host = host;
        _log = log;
        Client = new HttpClient { BaseAddress = host.HttpUri };
    }

    public string ConfigPath { get; }

    public AgentHost Host { get; }

    public HttpClient Client { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<RunningAgent> StartAsync(string yaml, params string[] extraFlags)
    {
        var dir = new TempDirectory();
        var configPath = dir.Combine("agent.yaml");
        await File.WriteAllTextAsync(configPath, yaml);
        var flags = AgentFlags.Parse(
        [
            "-config.file=" + configPath,
            "-server.http.address=127.0.0.1:0",
            "-server.grpc.address=127.0.0.1:0",
            .. extraFlags,
        ]);
        var config = ConfigLoader.Load(flags, _ => null);
        var log = new StringWriter(new StringBuilder());
        var settings = new LogSettings();
        var host = AgentHost.Create(flags, config, settings, TextWriter.Synchronized(log));
        await host.StartAsync();
        return new RunningAgent(dir, configPath, host, log);
    }

    public Task RewriteConfigAsync(string yaml) => File.WriteAllTextAsync(ConfigPath, yaml);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.StopAsync();
        await Host.DisposeAsync();
        _dir.Dispose();
    }
}
