namespace Vigil.Metrics.Discovery;

/// <summary>
/// One service discovery provider (one entry of a <c>*_sd_configs</c> list). Unlike Prometheus providers, which send
/// only the groups that changed, a discoverer always publishes its complete current set, so that the receiver can
/// replace the provider's previous set wholesale and never has to track removals.
/// </summary>
internal interface IDiscoverer
{
    /// <summary>Runs until <paramref name="cancellationToken"/> fires, calling <paramref name="publish"/> with the full set on each change.</summary>
    Task RunAsync(Action<IReadOnlyList<TargetGroup>> publish, CancellationToken cancellationToken);
}
