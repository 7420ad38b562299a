namespace Vigil.Common.Yaml;

/// <summary>
/// Go's <c>IsZeroer</c>: lets an <see cref="OmitEmptyAttribute"/> property whose type is an object decide whether it is
/// "empty" (Grafana Agent omits a block equal to its defaults from <c>/-/config</c>).
/// </summary>
public interface IZeroValue
{
    bool IsZero();
}
