using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Vigil.Common.Yaml;

/// <summary>
/// Gives a null scalar the value Go's yaml.v2 gives it: <c>""</c> for a string, an empty list or map, a default block
/// for a <see cref="DefaultOnNullAttribute"/> class. Everything else falls through to YamlDotNet's own null handling.
/// </summary>
internal sealed class NullScalarNodeDeserializer : INodeDeserializer
{
    public bool Deserialize(IParser reader, Type expectedType, Func<IParser, Type, object?> nestedObjectDeserializer, out object? value, ObjectDeserializer rootDeserializer)
    {
        value = null;
        if (!reader.Accept<Scalar>(out var scalar) || !YamlScalars.IsNull(scalar))
        {
            return false;
        }

        if (expectedType == typeof(string))
        {
            reader.MoveNext();
            value = string.Empty;
            return true;
        }

        // A list or map key with no value is an empty collection, as a nil slice or map is in Go.
        if (expectedType.GetCustomAttribute<DefaultOnNullAttribute>() is not null || IsCollection(expectedType))
        {
            reader.MoveNext();
            value = Activator.CreateInstance(expectedType);
            return true;
        }

        return false;
    }

    private static bool IsCollection(Type type) =>
        !type.IsAbstract && !type.IsInterface && typeof(System.Collections.ICollection).IsAssignableFrom(type) &&
        type.GetConstructor(Type.EmptyTypes) is not null;
}
