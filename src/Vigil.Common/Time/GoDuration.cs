using System.Globalization;
using System.Text;

namespace Vigil.Common.Time;

/// <summary>
/// Parses and formats durations the way Go does. Two dialects exist in Grafana Agent configs:
/// Go's <c>time.Duration</c> (instance fields such as <c>wal_truncate_frequency</c>; printed as
/// <c>1h0m0s</c>, accepts fractions and <c>ns</c>/<c>us</c>) and Prometheus' <c>model.Duration</c>
/// (scrape and remote_write fields; printed as <c>1m</c>, accepts <c>d</c>, <c>w</c>, <c>y</c>).
/// </summary>
public static class GoDuration
{
    private const long TicksPerNanosecondDivisor = 100;

    /// <summary>Parses a Go <c>time.ParseDuration</c> string ("1h30m", "1.5s", "-2m", "0").</summary>
    public static bool TryParseGo(string? text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "time: invalid duration \"\"";
            return false;
        }

        var s = text.AsSpan();
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.SequenceEqual("0"))
        {
            return true;
        }

        if (s.IsEmpty)
        {
            error = $"time: invalid duration \"{text}\"";
            return false;
        }

        decimal totalNanos = 0;
        while (!s.IsEmpty)
        {
            var i = 0;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == 0 || !decimal.TryParse(s[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                error = $"time: invalid duration \"{text}\"";
                return false;
            }

            s = s[i..];
            var j = 0;
            while (j < s.Length && !char.IsAsciiDigit(s[j]) && s[j] != '.')
            {
                j++;
            }

            if (j == 0)
            {
                error = $"time: missing unit in duration \"{text}\"";
                return false;
            }

            decimal unit = s[..j] switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60m * 1_000_000_000m,
                "h" => 3600m * 1_000_000_000m,
                _ => -1m,
            };
            if (unit < 0)
            {
                error = $"time: unknown unit \"{s[..j].ToString()}\" in duration \"{text}\"";
                return false;
            }

            totalNanos += number * unit;
            if (totalNanos > long.MaxValue)
            {
                error = $"time: invalid duration \"{text}\"";
                return false;
            }

            s = s[j..];
        }

        var ticks = (long)(totalNanos / TicksPerNanosecondDivisor);
        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }

    /// <summary>Parses a Prometheus <c>model.ParseDuration</c> string ("1m", "1h30m", "1d", "500ms"); no fractions.</summary>
    public static bool TryParseProm(string? text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "empty duration string";
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        var s = text.AsSpan();
        long totalMs = 0;
        var lastUnitRank = int.MaxValue;
        while (!s.IsEmpty)
        {
            var i = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == 0 || !long.TryParse(s[..i], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                error = $"not a valid duration string: \"{text}\"";
                return false;
            }

            s = s[i..];
            var j = 0;
            while (j < s.Length && !char.IsAsciiDigit(s[j]))
            {
                j++;
            }

            (long ms, int rank) unit = s[..j] switch
            {
                "y" => (365L * 24 * 3600 * 1000, 7),
                "w" => (7L * 24 * 3600 * 1000, 6),
                "d" => (24L * 3600 * 1000, 5),
                "h" => (3600L * 1000, 4),
                "m" => (60L * 1000, 3),
                "s" => (1000L, 2),
                "ms" => (1L, 1),
                _ => (-1L, 0),
            };

            // Units must appear once each, largest first, as Prometheus requires.
            if (unit.ms < 0 || unit.rank >= lastUnitRank)
            {
                error = $"not a valid duration string: \"{text}\"";
                return false;
            }

            lastUnitRank = unit.rank;
            try
            {
                totalMs = checked(totalMs + checked(number * unit.ms));
            }
            catch (OverflowException)
            {
                error = $"duration out of range: \"{text}\"";
                return false;
            }

            s = s[j..];
        }

        if (totalMs > TimeSpan.MaxValue.TotalMilliseconds)
        {
            error = $"duration out of range: \"{text}\"";
            return false;
        }

        value = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }

    /// <summary>Formats like Go's <c>time.Duration.String()</c>: "1h0m0s", "1m30s", "500ms", "0s".</summary>
    public static string FormatGo(TimeSpan value)
    {
        var nanos = value.Ticks * TicksPerNanosecondDivisor;
        if (nanos == 0)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        if (nanos < 0)
        {
            sb.Append('-');
            nanos = -nanos;
        }

        if (nanos < 1_000_000_000)
        {
            // Sub-second values use the largest unit that keeps an integer part, as Go does.
            if (nanos < 1_000)
            {
                return sb.Append(nanos.ToString(CultureInfo.InvariantCulture)).Append("ns").ToString();
            }

            if (nanos < 1_000_000)
            {
                return sb.Append(FormatFraction(nanos, 1_000)).Append("µs").ToString();
            }

            return sb.Append(FormatFraction(nanos, 1_000_000)).Append("ms").ToString();
        }

        var hours = nanos / 3_600_000_000_000;
        nanos -= hours * 3_600_000_000_000;
        var minutes = nanos / 60_000_000_000;
        nanos -= minutes * 60_000_000_000;
        if (hours > 0)
        {
            sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            sb.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        return sb.Append(FormatFraction(nanos, 1_000_000_000)).Append('s').ToString();
    }

    /// <summary>Formats like Prometheus' <c>model.Duration.String()</c>: "1m", "1h30m", "1d", "500ms", "0s".</summary>
    public static string FormatProm(TimeSpan value)
    {
        var ms = (long)value.TotalMilliseconds;
        if (ms == 0)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        void Unit(long size, string name)
        {
            if (ms >= size)
            {
                var n = ms / size;
                ms -= n * size;
                sb.Append(n.ToString(CultureInfo.InvariantCulture)).Append(name);
            }
        }

        Unit(365L * 24 * 3600 * 1000, "y");
        Unit(7L * 24 * 3600 * 1000, "w");
        Unit(24L * 3600 * 1000, "d");
        Unit(3600L * 1000, "h");
        Unit(60L * 1000, "m");
        Unit(1000L, "s");
        Unit(1L, "ms");
        return sb.ToString();
    }

    private static string FormatFraction(long nanos, long unit)
    {
        var whole = nanos / unit;
        var frac = nanos % unit;
        if (frac == 0)
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }

        var digits = (unit - 1).ToString(CultureInfo.InvariantCulture).Length;
        var fracText = frac.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        return whole.ToString(CultureInfo.InvariantCulture) + "." + fracText;
    }
}
