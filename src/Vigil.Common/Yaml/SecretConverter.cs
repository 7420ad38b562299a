using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Vigil.Common.Yaml;

/// <summary>
/// Reads a <see cref="Secret"/> or <see cref="FlagSecret"/> from a plain string. Writes it masked when scrubbing
/// (<c>/-/config</c>, the config API's GET: <c>&lt;secret&gt;</c> or <c>********</c>) and as its value when not (what is
/// stored in the KV store).
/// </summary>
internal sealed class SecretConverter(bool scrub) : IYamlTypeConverter
{
    public bool Accepts(Type type) => type == typeof(Secret) || type == typeof(FlagSecret);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        var scalar = parser.Consume<Scalar>();
        if (YamlScalars.IsNull(scalar))
        {
            return null;
        }

        return type == typeof(FlagSecret) ? new FlagSecret(scalar.Value) : new Secret(scalar.Value);
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer)
    {
        var text = value switch
        {
            Secret s => scrub ? Secret.Mask : s.Value,
            FlagSecret f => scrub ? FlagSecret.Mask : f.Value,
            _ => string.Empty,
        };
        emitter.Emit(new Scalar(null, null, text, ScalarStyle.Any, true, true));
    }
}
