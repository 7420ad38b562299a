using Vigil.Common.Model;

namespace Vigil.Metrics.Discovery.Static;

/// <summary>static_configs: the groups of the config, published once; sources are the list indexes, as in Prometheus.</summary>
internal sealed class StaticDiscoverer : IDiscoverer
{
    private readonly IReadOnlyList<TargetGroup> _groups;

    public StaticDiscoverer(IReadOnlyList<StaticConfig?> configs)
    {
        var groups = new List<TargetGroup>(configs.Count);
        for (var i = 0; i < configs.Count; i++)
        {
            var config = configs[i];
            var source = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            groups.Add(config is null ? TargetGroup.Empty(source) : TargetGroup.FromAddresses(source, config.Targets, ToLabels(config.Labels)));
        }

        _groups = groups;
    }

    public IReadOnlyList<TargetGroup> Groups => _groups;

    public Task RunAsync(Action<IReadOnlyList<TargetGroup>> publish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publish);
        publish(_groups);
        return Task.CompletedTask;
    }

    internal static Labels ToLabels(IEnumerable<KeyValuePair<string, string>>? labels)
    {
        if (labels is null)
        {
            return Labels.Empty;
        }

        var builder = new LabelsBuilder();
        foreach (var (name, value) in labels)
        {
            builder.Set(name, value);
        }

        return builder.Build();
    }
}
