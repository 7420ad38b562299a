using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigil.Server.Logging;

/// <summary>Renders one log line in logfmt or JSON. Message template arguments become their own key/value pairs.</summary>
internal static class LogLineFormatter
{
    public static string Format(
        string format,
        DateTimeOffset now,
        LogLevel level,
        string category,
        string message,
        Exception? exception)
    {
        var pairs = new List<KeyValuePair<string, string>>
        {
            new("ts", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)),
            new("level", LevelName(level)),
        };
        var component = category.StartsWith("Vigil.", StringComparison.Ordinal) ? category[(category.LastIndexOf('.') + 1)..] : category;
        pairs.Add(new("component", component));
        pairs.Add(new("msg", message));

        if (exception is not null)
        {
            // Users see the reason, not a stack trace; the type helps a developer find the source.
            pairs.Add(new("err", $"{exception.GetType().Name}: {exception.Message}"));
        }

        return format == "json" ? Json(pairs) : Logfmt(pairs);
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        _ => "error",
    };

    private static string Logfmt(List<KeyValuePair<string, string>> pairs)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in pairs)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(key).Append('=');
            var needsQuotes = value.Length == 0 || value.Any(c => c is ' ' or '=' or '"' or '\\' || char.IsControl(c));
            if (!needsQuotes)
            {
                sb.Append(value);
                continue;
            }

            sb.Append('"');
            foreach (var c in value)
            {
                _ = c switch
                {
                    '"' => sb.Append("\\\""),
                    '\\' => sb.Append("\\\\"),
                    '\n' => sb.Append("\\n"),
                    '\r' => sb.Append("\\r"),
                    '\t' => sb.Append("\\t"),
                    _ => sb.Append(c),
                };
            }

            sb.Append('"');
        }

        return sb.ToString();
    }

    private static string Json(List<KeyValuePair<string, string>> pairs)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in pairs)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
