using System.Collections;
using System.Runtime.CompilerServices;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.ObjectGraphVisitors;

namespace Vigil.Common.Yaml;

/// <summary>Skips <see cref="OmitEmptyAttribute"/> properties whose value is empty, as Go's <c>omitempty</c> does.</summary>
internal sealed class OmitEmptyVisitor(IObjectGraphVisitor<IEmitter> next) : ChainedObjectGraphVisitor(next)
{
    // Attribute lookups are reflection calls; YamlDotNet reuses its property descriptors, so remember the answer per
    // descriptor (weakly, so descriptors it drops are not kept alive).
    private static readonly ConditionalWeakTable<IPropertyDescriptor, object> OmitEmptyByProperty = [];

    public override bool EnterMapping(IPropertyDescriptor key, IObjectDescriptor value, IEmitter context, ObjectSerializer serializer)
    {
        var omitEmpty = (bool)OmitEmptyByProperty.GetValue(key, static k => k.GetCustomAttribute<OmitEmptyAttribute>() is not null);
        if (omitEmpty && IsEmpty(value.Value))
        {
            return false;
        }

        return base.EnterMapping(key, value, context, serializer);
    }

    internal static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        bool b => !b,
        int i => i == 0,
        long l => l == 0,
        uint u => u == 0,
        ulong ul => ul == 0,
        double d => d == 0,
        Duration d => d.Value == TimeSpan.Zero,
        PromDuration p => p.Value == TimeSpan.Zero,
        ByteSize b => b.Bytes == 0,
        Secret s => s.Value.Length == 0,
        ConfigUrl u => u.Value.Length == 0,
        IZeroValue z => z.IsZero(),
        ICollection c => c.Count == 0,
        _ => false,
    };
}
