using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace Vigil.Common.Model;

/// <summary>
/// Prometheus' legacy name rules: metric names <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>, label names
/// <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, label values any valid UTF-8 (behaviour of prometheus/common model, 2.42 era).
/// </summary>
public static class NameValidation
{
    public static bool IsValidMetricName(string name) => IsValidName(name.AsSpan(), allowColon: true);

    public static bool IsValidLabelName(string name) => IsValidName(name.AsSpan(), allowColon: false);

    public static bool IsValidMetricName(ReadOnlySpan<byte> utf8) => IsValidName(utf8, allowColon: true);

    public static bool IsValidLabelName(ReadOnlySpan<byte> utf8) => IsValidName(utf8, allowColon: false);

    /// <summary>Label values may hold any text, as long as the bytes are valid UTF-8.</summary>
    public static bool IsValidLabelValue(ReadOnlySpan<byte> utf8) => Utf8.IsValid(utf8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsMetricNameStart(byte c) => IsLetterOrUnderscore(c) || c == ':';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsMetricNameChar(byte c) => IsLetterOrUnderscore(c) || c == ':' || (c >= '0' && c <= '9');

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLabelNameStart(byte c) => IsLetterOrUnderscore(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLabelNameChar(byte c) => IsLetterOrUnderscore(c) || (c >= '0' && c <= '9');

    // Called per byte of every name the parsers read: always inlined.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsLetterOrUnderscore(int c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c == '_';

    private static bool IsValidName(ReadOnlySpan<char> name, bool allowColon)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = IsLetterOrUnderscore(c) || (allowColon && c == ':') || (i > 0 && c >= '0' && c <= '9');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidName(ReadOnlySpan<byte> name, bool allowColon)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = IsLetterOrUnderscore(c) || (allowColon && c == ':') || (i > 0 && c >= '0' && c <= '9');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
