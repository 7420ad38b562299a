using Vigil.Common.Yaml;
using Vigil.Server.Config;
using Vigil.Server.Reload;

namespace Vigil.Server.Hosting;

/// <summary>
/// The metrics subsystem's place in the apply order and its readiness. It keeps the applied <c>metrics</c> block and
/// skips an apply whose YAML is byte-identical to the previous one, as Grafana Agent does. It turns ready once the
/// first config is applied (and, once metrics instances run, when every instance is ready).
/// </summary>
internal sealed class MetricsSubsystem(ILogger<MetricsSubsystem> logger) : IConfigSubsystem
{
    private string? _appliedYaml;
    private volatile bool _ready;

    public string Name => "metrics";

    public bool IsReady => _ready;

    public Task ApplyConfigAsync(AgentConfig config, CancellationToken cancellationToken)
    {
        var yaml = VigilYaml.Serialize(config.Metrics, scrubSecrets: false);
        if (yaml == _appliedYaml)
        {
            logger.LogDebug("not recreating metrics instance because config hasn't changed");
            return Task.CompletedTask;
        }

        _appliedYaml = yaml;
        _ready = true;
        return Task.CompletedTask;
    }
}
