using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Vigil.Common.Yaml;

/// <summary>
/// Reads and writes <see cref="ConfigUrl"/> and <see cref="ByteSize"/>. A URL with a password is written redacted when
/// scrubbing (<c>/-/config</c>) and as written when not (the KV store keeps the real value).
/// </summary>
internal sealed class ScalarValueConverter(bool scrub) : IYamlTypeConverter
{
    public bool Accepts(Type type) => type == typeof(ConfigUrl) || type == typeof(ByteSize) || type == typeof(ByteSize?);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        var scalar = parser.Consume<Scalar>();
        if (type == typeof(ConfigUrl))
        {
            if (YamlScalars.IsNull(scalar))
            {
                return null;
            }

            var error = ConfigUrl.Check(scalar.Value);
            return error is null ? new ConfigUrl(scalar.Value) : throw new YamlException(scalar.Start, scalar.End, error);
        }

        if (YamlScalars.IsNull(scalar))
        {
            return type == typeof(ByteSize) ? default(ByteSize) : null;
        }

        return ByteSize.TryParse(scalar.Value, out var size, out var sizeError)
            ? size
            : throw new YamlException(scalar.Start, scalar.End, sizeError ?? "invalid byte size");
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer)
    {
        var text = value switch
        {
            ConfigUrl u => scrub ? u.Redacted() : u.Value,
            ByteSize b => b.ToString(),
            _ => "null",
        };
        emitter.Emit(new Scalar(null, null, text, value is ConfigUrl ? ScalarStyle.Any : ScalarStyle.Plain, true, value is ConfigUrl));
    }
}
