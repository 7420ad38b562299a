namespace Vigil.Metrics.Discovery.Targets;

/// <summary>The targets of one group: kept and dropped ones in group order, and a message per target that was invalid.</summary>
internal sealed record TargetBuildResult(IReadOnlyList<ScrapeTarget> Targets, IReadOnlyList<string> Failures);
