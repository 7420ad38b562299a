using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Vigil.Common.Yaml;

internal static class YamlScalars
{
    /// <summary>A plain scalar that YAML reads as null: empty, <c>~</c> or <c>null</c>.</summary>
    public static bool IsNull(Scalar scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
}
