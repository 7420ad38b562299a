using Vigil.Common.Yaml;

namespace Vigil.Metrics.RemoteWrite.Client;

/// <summary>
/// Reads a credential given inline or as a file. Files are read on every request, as Prometheus does, so a rotated
/// token is picked up without a reload; their content is trimmed of surrounding whitespace like Go's TrimSpace.
/// </summary>
internal static class SecretReader
{
    public static string Read(Secret? inline, string file) => Read(inline?.Value, file);

    public static string Read(string? inline, string file)
    {
        if (!string.IsNullOrEmpty(file))
        {
            return File.ReadAllText(file).Trim();
        }

        return inline ?? string.Empty;
    }
}
