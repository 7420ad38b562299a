using Vigil.Server.Config;
using Vigil.Server.Logging;

namespace Vigil.Server.Reload;

/// <summary>Applies <c>server.log_level</c> and <c>server.log_format</c>; first in the apply order, as in Grafana Agent.</summary>
internal sealed class LoggerSubsystem(LogSettings settings) : IConfigSubsystem
{
    public string Name => "logger";

    public Task ApplyConfigAsync(AgentConfig config, CancellationToken cancellationToken)
    {
        var server = config.Server ?? new ServerConfig();
        settings.Apply(server.LogLevel, server.LogFormat);
        return Task.CompletedTask;
    }
}
