namespace Vigil.Common.Yaml;

/// <summary>
/// A string map written with its keys in ordinal order, as Go's yaml.v2 writes maps (label sets, headers), so that
/// <c>/-/config</c> output and config hashes do not depend on the order keys were read in.
/// </summary>
public sealed class SortedStringMap : SortedDictionary<string, string>
{
    public SortedStringMap()
        : base(StringComparer.Ordinal)
    {
    }

    public SortedStringMap(IDictionary<string, string> items)
        : base(items, StringComparer.Ordinal)
    {
    }
}
