namespace Vigil.Common.Yaml;

/// <summary>
/// Go's <c>omitempty</c> struct tag: the property is not written when its value is null, <c>""</c>, zero, <c>false</c>,
/// an empty collection, a zero duration, or an object whose <see cref="IZeroValue.IsZero"/> says so.
/// Properties without it are always written (except nulls), as Go writes them.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class OmitEmptyAttribute : Attribute
{
}
