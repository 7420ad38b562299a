namespace Vigil.Metrics.Instance;

/// <summary>A config change an instance cannot apply in place (an immutable field changed): the manager restarts it.</summary>
internal sealed class InvalidUpdateException(string field)
    : Exception($"invalid dynamic update: {field} cannot be changed without restarting the instance")
{
    public string Field { get; } = field;
}
