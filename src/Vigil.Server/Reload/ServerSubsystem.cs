using Vigil.Server.Config;

namespace Vigil.Server.Reload;

/// <summary>
/// The server's reloadable part in Grafana Agent is its TLS settings. Vigil does not serve TLS yet (no
/// <c>-server.*.enable-tls</c> flag), so the TLS blocks are accepted and nothing changes; listen addresses never
/// change on reload, as in Grafana Agent.
/// </summary>
internal sealed class ServerSubsystem(ILogger<ServerSubsystem> logger) : IConfigSubsystem
{
    public string Name => "server";

    public Task ApplyConfigAsync(AgentConfig config, CancellationToken cancellationToken)
    {
        if (config.Server?.HttpTlsConfig is not null || config.Server?.GrpcTlsConfig is not null)
        {
            logger.LogDebug("server TLS settings are accepted but not used: TLS is not enabled");
        }

        return Task.CompletedTask;
    }
}
