using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Vigil.Common.Yaml;

/// <summary>
/// The one place that configures YamlDotNet for config documents. Decoding is strict like Go's
/// <c>yaml.UnmarshalStrict</c>: an unknown key or a key given twice is an error naming the key and the line.
/// Every config DTO names its keys with <c>[YamlMember(Alias = ...)]</c>, exactly as the Go struct tags.
/// </summary>
public static partial class VigilYaml
{
    // Duplicate keys are found by MergeKeyOrderingParser on the raw document: YamlDotNet's own check would also trip over
    // keys that a merge key (`<<`) legitimately overrides.
    private static readonly IDeserializer Strict = new DeserializerBuilder()
        .WithTypeConverter(new DurationConverter())
        .WithTypeConverter(new SecretConverter(scrub: false))
        .WithTypeConverter(new ScalarValueConverter(scrub: false))
        .WithNodeDeserializer(new NullScalarNodeDeserializer(), s => s.OnTop())
        .Build();

    private static readonly ISerializer Plain = BuildSerializer(scrub: false);
    private static readonly ISerializer Scrubbed = BuildSerializer(scrub: true);

    /// <summary>Decodes <paramref name="text"/> into <typeparamref name="T"/>; null for an empty document.</summary>
    /// <exception cref="YamlConfigException">The document is not valid YAML or does not fit the type.</exception>
    public static T? Deserialize<T>(string text)
        where T : class
    {
        try
        {
            // Go's yaml.v2 honours merge keys (`<<: *defaults`), which Grafana Agent configs use to share blocks.
            return Strict.Deserialize<T?>(new MergingParser(new MergeKeyOrderingParser(text)));
        }
        catch (YamlException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>Encodes <paramref name="value"/> as YAML; secrets become <c>&lt;secret&gt;</c> when <paramref name="scrubSecrets"/>.</summary>
    public static string Serialize(object? value, bool scrubSecrets)
    {
        if (value is null)
        {
            return "{}\n";
        }

        var text = (scrubSecrets ? Scrubbed : Plain).Serialize(value);
        return text.Length == 0 || text == "{}\r\n" || text == "{}\n" ? "{}\n" : text.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static ISerializer BuildSerializer(bool scrub) => new SerializerBuilder()
        .WithTypeConverter(new DurationConverter())
        .WithTypeConverter(new SecretConverter(scrub))
        .WithTypeConverter(new ScalarValueConverter(scrub))
        .WithEmissionPhaseObjectGraphVisitor(args => new OmitEmptyVisitor(args.InnerVisitor))
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .DisableAliases()
        .Build();

    /// <summary>Turns a YamlDotNet exception into a message in the Go agent's words: line number, then the reason.</summary>
    private static YamlConfigException Translate(YamlException e)
    {
        // YamlDotNet wraps the error of a nested node; the innermost one names the real cause.
        var inner = e;
        Exception? cause = e.InnerException;
        while (cause is not null)
        {
            if (cause is YamlException y && y.Start.Line > 0)
            {
                inner = y;
            }
            else if (cause is not YamlException && cause.InnerException is null && inner == e)
            {
                return new YamlConfigException($"line {e.Start.Line}: {Humanize(cause.Message)}", e.Start.Line, e);
            }

            cause = cause.InnerException;
        }

        var line = inner.Start.Line;
        var reason = Humanize(Describe(inner.Message, inner.InnerException));
        return new YamlConfigException($"line {line}: {reason}", line, e);
    }

    private static string Describe(string message, Exception? inner)
    {
        var unknown = UnknownProperty().Match(message);
        if (unknown.Success)
        {
            var type = unknown.Groups["type"].Value;
            var shortType = type[(type.LastIndexOf('.') + 1)..];
            var name = unknown.Groups["name"].Value;
            var text0 = $"field {name} not found in type {shortType}";

            // A Prometheus service discovery Vigil does not implement: say so rather than only "unknown field".
            return name.EndsWith("_sd_configs", StringComparison.Ordinal)
                ? $"{text0} ({name[..^"_sd_configs".Length]} service discovery is not supported by Vigil yet)"
                : text0;
        }

        var duplicate = DuplicateKey().Match(message);
        if (duplicate.Success)
        {
            return $"key \"{duplicate.Groups["name"].Value}\" already set in map";
        }

        var noDeserializer = NoNodeDeserializer().Match(message);
        if (noDeserializer.Success)
        {
            var type = noDeserializer.Groups["type"].Value;
            return $"cannot unmarshal this value into {type[(type.LastIndexOf('.') + 1)..]}";
        }

        // Strip YamlDotNet's "(Line: 1, Col: 2, Idx: 3) - (...): " prefix; we print the line ourselves.
        var text = MarkPrefix().Replace(message, string.Empty);
        if (text.StartsWith("Exception during deserialization", StringComparison.Ordinal) && inner is not null)
        {
            text = inner.Message;
        }

        return text.Trim();
    }

    [GeneratedRegex(@"Property '(?<name>[^']*)' not found on type '(?<type>[^']*)'")]
    private static partial Regex UnknownProperty();

    /// <summary>Rewrites .NET conversion messages the way Go's yaml.v2 words a value of the wrong kind.</summary>
    private static string Humanize(string reason)
    {
        var cast = InvalidCast().Match(reason);
        if (cast.Success)
        {
            return $"cannot unmarshal !!str into {GoTypeName(cast.Groups["type"].Value)}";
        }

        var format = BadNumber().Match(reason);
        if (format.Success)
        {
            return $"cannot unmarshal !!str `{format.Groups["value"].Value}` into a number";
        }

        var expected = WrongNode().Match(reason);
        if (expected.Success)
        {
            var kind = expected.Groups["got"].Value switch
            {
                "SequenceStart" => "!!seq",
                "MappingStart" => "!!map",
                _ => "!!str",
            };
            var into = expected.Groups["want"].Value == "SequenceStart" ? "a list" : "a mapping";
            return $"cannot unmarshal {kind} into {into}";
        }

        return reason.StartsWith("Arithmetic operation resulted in an overflow", StringComparison.Ordinal) ? "number out of range" : reason;
    }

    private static string GoTypeName(string clrName)
    {
        const string list = "System.Collections.Generic.List`1[[";
        if (clrName.StartsWith(list, StringComparison.Ordinal))
        {
            var element = clrName[list.Length..];
            var end = element.IndexOf(',', StringComparison.Ordinal);
            return "[]" + GoTypeName(end < 0 ? element : element[..end]);
        }

        if (clrName.Contains("Dictionary`2", StringComparison.Ordinal) || clrName.EndsWith("SortedStringMap", StringComparison.Ordinal))
        {
            return "a map";
        }

        var shortName = clrName[(clrName.LastIndexOf('.') + 1)..];
        return shortName == "String" ? "string" : shortName;
    }

    [GeneratedRegex(@"^Invalid cast from '[^']*' to '(?<type>.*)'\.?$")]
    private static partial Regex InvalidCast();

    [GeneratedRegex(@"^The input string '(?<value>.*)' was not in a correct format\.?$")]
    private static partial Regex BadNumber();

    [GeneratedRegex(@"^Expected '(?<want>\w+)', got '(?<got>\w+)'")]
    private static partial Regex WrongNode();

    [GeneratedRegex(@"No node deserializer was able to deserialize the node into type (?<type>[^,]+)")]
    private static partial Regex NoNodeDeserializer();

    [GeneratedRegex(@"[Dd]uplicate key (?<name>.*?)\.?$")]
    private static partial Regex DuplicateKey();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();

    /// <summary>Decodes config file bytes: UTF-8 with or without BOM, UTF-16 and UTF-32 with BOM, as the Go agent accepts.</summary>
    public static string DecodeText(byte[] bytes)
    {
        ReadOnlySpan<byte> b = bytes;
        if (b.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return DecodeStrict(new UTF8Encoding(false, true), bytes, 3);
        }

        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return DecodeStrict(new UTF32Encoding(false, false, true), bytes, 4);
        }

        if (b.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return DecodeStrict(new UTF32Encoding(true, false, true), bytes, 4);
        }

        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return DecodeStrict(new UnicodeEncoding(false, false, true), bytes, 2);
        }

        if (b.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return DecodeStrict(new UnicodeEncoding(true, false, true), bytes, 2);
        }

        return DecodeStrict(new UTF8Encoding(false, true), bytes, 0);
    }

    private static string DecodeStrict(Encoding encoding, byte[] bytes, int skip)
    {
        try
        {
            return encoding.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException e)
        {
            throw new YamlConfigException($"cannot decode config text as {encoding.WebName}: invalid byte at offset {e.Index + skip}", 0, e);
        }
    }
}
