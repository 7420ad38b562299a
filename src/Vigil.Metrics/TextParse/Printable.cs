using System.Text;

namespace Vigil.Metrics.TextParse;

/// <summary>Renders page bytes for an error message: bounded length, control and invalid bytes escaped.</summary>
internal static class Printable
{
    private const int MaxBytes = 64;

    public static string Of(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        var shown = bytes.Length > MaxBytes ? bytes[..MaxBytes] : bytes;
        foreach (var b in shown)
        {
            _ = b switch
            {
                (byte)'\n' => sb.Append("\\n"),
                (byte)'\t' => sb.Append("\\t"),
                (byte)'"' => sb.Append("\\\""),
                (byte)'\\' => sb.Append("\\\\"),
                < 0x20 or >= 0x7f => sb.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)),
                _ => sb.Append((char)b),
            };
        }

        if (bytes.Length > MaxBytes)
        {
            sb.Append("...");
        }

        return sb.ToString();
    }
}
