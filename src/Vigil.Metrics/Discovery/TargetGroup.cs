using Vigil.Common.Model;

namespace Vigil.Metrics.Discovery;

/// <summary>
/// A set of targets sharing labels (Prometheus <c>targetgroup.Group</c>). Each target is a label set holding at least
/// <c>__address__</c>; <see cref="Source"/> identifies the group within its provider, so a later update with the same
/// source replaces it and one with no targets removes it.
/// </summary>
public sealed record TargetGroup(string Source, IReadOnlyList<Labels> Targets, Labels Labels)
{
    public const string AddressLabel = "__address__";

    /// <summary>A group with no targets: how a provider says that a source went away.</summary>
    public static TargetGroup Empty(string source) => new(source, [], Vigil.Common.Model.Labels.Empty);

    /// <summary>Builds a group from plain addresses, as static_configs and the file/http formats list them.</summary>
    public static TargetGroup FromAddresses(string source, IEnumerable<string> addresses, Labels labels) =>
        new(source, addresses.Select(a => Vigil.Common.Model.Labels.FromStrings(AddressLabel, a)).ToArray(), labels);

    public bool Equals(TargetGroup? other) =>
        other is not null && Source == other.Source && Labels.Equals(other.Labels) && Targets.SequenceEqual(other.Targets);

    public override int GetHashCode() => HashCode.Combine(Source, Labels, Targets.Count);
}
