using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Vigil.Common.Yaml;

/// <summary>
/// Reads a <see cref="Secret"/> from a plain string. Writes it as <c>&lt;secret&gt;</c> when scrubbing
/// (<c>/-/config</c>, the config API's GET) and as its value when not (what is stored in the KV store).
/// </summary>
internal sealed class SecretConverter(bool scrub) : IYamlTypeConverter
{
    public bool Accepts(Type type) => type == typeof(Secret);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        var scalar = parser.Consume<Scalar>();
        return YamlScalars.IsNull(scalar) ? null : new Secret(scalar.Value);
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer)
    {
        var secret = (Secret?)value;
        var text = secret is null ? string.Empty : scrub ? Secret.Mask : secret.Value;
        emitter.Emit(new Scalar(null, null, text, ScalarStyle.Any, true, true));
    }
}
