using Vigil.Common.Time;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Vigil.Common.Yaml;

/// <summary>Reads and writes <see cref="Duration"/> and <see cref="PromDuration"/> in their Go spellings.</summary>
internal sealed class DurationConverter : IYamlTypeConverter
{
    public bool Accepts(Type type) =>
        type == typeof(Duration) || type == typeof(Duration?) || type == typeof(PromDuration) || type == typeof(PromDuration?);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        var scalar = parser.Consume<Scalar>();
        var nullable = Nullable.GetUnderlyingType(type) is not null;
        var isGo = type == typeof(Duration) || type == typeof(Duration?);
        if (YamlScalars.IsNull(scalar))
        {
            // Go's yaml.v2 decodes a key with no value into the zero duration.
            return nullable ? null : isGo ? Duration.Zero : PromDuration.Zero;
        }

        string? error;
        if (isGo)
        {
            if (GoDuration.TryParseGo(scalar.Value, out var go, out error))
            {
                return new Duration(go);
            }
        }
        else if (GoDuration.TryParseProm(scalar.Value, out var prom, out error))
        {
            return new PromDuration(prom);
        }

        throw new YamlException(scalar.Start, scalar.End, error ?? $"invalid duration \"{scalar.Value}\"");
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer)
    {
        var text = value switch
        {
            Duration d => d.ToString(),
            PromDuration p => p.ToString(),
            _ => null,
        };
        if (text is null)
        {
            emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
            return;
        }

        emitter.Emit(new Scalar(null, null, text, ScalarStyle.Plain, true, false));
    }
}
