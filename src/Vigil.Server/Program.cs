using Vigil.Server.Config;
using Vigil.Server.Flags;
using Vigil.Server.Hosting;
using Vigil.Server.Logging;

namespace Vigil.Server;

/// <summary>The <c>vigil</c> executable: parse flags, load and validate the config, run the agent until signalled.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        SignalDefaults.RestoreInterrupt();
        AgentFlags flags;
        try
        {
            flags = AgentFlags.Parse(args);
        }
        catch (HelpRequestedException)
        {
            await Console.Out.WriteAsync(AgentFlags.NewFlagSet().Usage()).ConfigureAwait(false);
            return 0;
        }
        catch (FlagParseException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            await Console.Error.WriteAsync(AgentFlags.NewFlagSet().Usage()).ConfigureAwait(false);
            return 1;
        }

        if (flags.ShowVersion)
        {
            await Console.Out.WriteAsync(BuildInfo.Describe()).ConfigureAwait(false);
            return 0;
        }

        var logSettings = new LogSettings();
        using var bootLoggers = new AgentLoggerProvider(logSettings);
        var boot = bootLoggers.CreateLogger("Vigil.Server.Program");
        LoadedConfig config;
        try
        {
            config = ConfigLoader.Load(flags, Environment.GetEnvironmentVariable);
        }
        catch (Exception e) when (e is ConfigException or FlagParseException)
        {
            boot.LogError("{err}", e.Message);
            return 1;
        }

        var server = config.Config.Server ?? new ServerConfig();
        logSettings.Apply(server.LogLevel, server.LogFormat);
        boot.LogInformation("starting vigil {version}", BuildInfo.Version);

        try
        {
            await using var host = AgentHost.Create(flags, config, logSettings);
            await host.StartAsync().ConfigureAwait(false);
            await host.WaitForShutdownAsync().ConfigureAwait(false);
            boot.LogInformation("vigil stopped");
            return 0;
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            // Start-up failures (address in use, bad listen address, initial apply failure) end the process with the reason.
            boot.LogError("failed to start: {err}", e.Message);
            return 1;
        }
    }
}
