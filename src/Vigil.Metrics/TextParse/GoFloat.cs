using System.Globalization;

namespace Vigil.Metrics.TextParse;

/// <summary>
/// Float parsing with the grammar Prometheus accepts (Go strconv.ParseFloat restricted to pre-Go-1.13 forms):
/// decimal with optional fraction and exponent, <c>Inf</c>/<c>Infinity</c> with optional sign and <c>NaN</c>,
/// all case-insensitive. Hex floats, underscores, <c>0b</c>/<c>0o</c>/<c>0x</c> are rejected, and a finite
/// literal that overflows is an error (Go returns ErrRange), although .NET alone would accept some of them.
/// </summary>
internal static class GoFloat
{
    /// <summary>The NaN bit pattern Prometheus stores for an ordinary NaN (value.NormalNaN).</summary>
    public static readonly double NormalNaN = BitConverter.UInt64BitsToDouble(0x7ff8000000000001);

    /// <summary>Parses <paramref name="s"/>; on failure returns false and a reason.</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out double value, out string? error)
    {
        value = 0;
        error = null;
        if (s.IsEmpty)
        {
            error = "invalid syntax in float \"\"";
            return false;
        }

        // Fast path: a plain integer of up to 15 digits converts exactly.
        var neg = s[0] == '-';
        var start = neg || s[0] == '+' ? 1 : 0;
        if (s.Length - start is > 0 and <= 15)
        {
            long acc = 0;
            var i = start;
            for (; i < s.Length; i++)
            {
                var d = (uint)(s[i] - '0');
                if (d > 9)
                {
                    break;
                }

                acc = (acc * 10) + d;
            }

            if (i == s.Length)
            {
                value = neg ? -(double)acc : acc;
                if (neg && acc == 0)
                {
                    value = -0.0;
                }

                return true;
            }
        }

        if (s.IndexOfAny("pP_"u8) >= 0)
        {
            error = "unsupported character in float";
            return false;
        }

        if (TrySpecial(s, out value))
        {
            return true;
        }

        if (!IsDecimalSyntax(s))
        {
            error = $"invalid syntax in float \"{Printable.Of(s)}\"";
            return false;
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            error = $"invalid syntax in float \"{Printable.Of(s)}\"";
            return false;
        }

        if (double.IsInfinity(value))
        {
            error = $"value out of range in float \"{Printable.Of(s)}\"";
            return false;
        }

        return true;
    }

    private static bool TrySpecial(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        var sign = 1.0;
        var body = s;
        if (s[0] is (byte)'+' or (byte)'-')
        {
            sign = s[0] == '-' ? -1 : 1;
            body = s[1..];
            if (EqualsIgnoreCase(body, "inf"u8) || EqualsIgnoreCase(body, "infinity"u8))
            {
                value = sign * double.PositiveInfinity;
                return true;
            }

            return false;
        }

        if (EqualsIgnoreCase(body, "inf"u8) || EqualsIgnoreCase(body, "infinity"u8))
        {
            value = double.PositiveInfinity;
            return true;
        }

        if (EqualsIgnoreCase(body, "nan"u8))
        {
            value = double.NaN;
            return true;
        }

        return false;
    }

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> lowerAscii)
    {
        if (a.Length != lowerAscii.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if ((a[i] | 0x20) != lowerAscii[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>[+-]? (digits ('.' digits?)? | '.' digits) ([eE] [+-]? digits)?</summary>
    private static bool IsDecimalSyntax(ReadOnlySpan<byte> s)
    {
        var i = 0;
        if (s[i] is (byte)'+' or (byte)'-')
        {
            i++;
        }

        var mantissaDigits = 0;
        while (i < s.Length && (uint)(s[i] - '0') <= 9)
        {
            i++;
            mantissaDigits++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                i++;
                mantissaDigits++;
            }
        }

        if (mantissaDigits == 0)
        {
            return false;
        }

        if (i < s.Length && (s[i] | 0x20) == 'e')
        {
            i++;
            if (i < s.Length && s[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            var expDigits = 0;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                i++;
                expDigits++;
            }

            if (expDigits == 0)
            {
                return false;
            }
        }

        return i == s.Length;
    }
}
