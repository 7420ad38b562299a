using Vigil.Metrics.Config;

namespace Vigil.Metrics.Instance;

/// <summary>
/// An instance under the manager's care: the config it should run, the instance currently running it and the task
/// that restarts it after an abnormal exit.
/// </summary>
internal sealed class ManagedInstance(InstanceConfig config, string configYaml)
{
    private volatile MetricsInstance? _current;

    public InstanceConfig Config { get; set; } = config;

    public string ConfigYaml { get; set; } = configYaml;

    public CancellationTokenSource Stop { get; } = new();

    public MetricsInstance? Current
    {
        get => _current;
        set => _current = value;
    }

    public Task Run { get; set; } = Task.CompletedTask;
}
