using System.Globalization;
using System.Text;

namespace Vigil.Common.Yaml;

/// <summary>
/// A byte count written with base-2 units (<c>units.Base2Bytes</c>, e.g. <c>body_size_limit: 10MiB</c>). "KB" and
/// "KiB" both mean 1024, as in Prometheus; written back as <c>10MiB</c>.
/// </summary>
public readonly record struct ByteSize(long Bytes)
{
    private static readonly (string Unit, long Size)[] Units =
    [
        ("EiB", 1L << 60), ("PiB", 1L << 50), ("TiB", 1L << 40), ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10),
        ("EB", 1L << 60), ("PB", 1L << 50), ("TB", 1L << 40), ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10),
        ("B", 1L),
    ];

    public static bool TryParse(string text, out ByteSize value, out string? error)
    {
        value = default;
        error = null;
        if (text == "0")
        {
            return true;
        }

        var s = text.AsSpan();
        long total = 0;
        if (s.IsEmpty)
        {
            error = $"units: invalid quantity \"{text}\"";
            return false;
        }

        while (!s.IsEmpty)
        {
            var i = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == 0 || !long.TryParse(s[..i], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                error = $"units: invalid quantity \"{text}\"";
                return false;
            }

            s = s[i..];
            var j = 0;
            while (j < s.Length && !char.IsAsciiDigit(s[j]))
            {
                j++;
            }

            var unit = s[..j].ToString();
            var size = -1L;
            foreach (var (name, bytes) in Units)
            {
                if (name == unit)
                {
                    size = bytes;
                    break;
                }
            }

            if (size < 0)
            {
                error = j == 0 ? $"units: missing unit in \"{text}\"" : $"units: unknown unit {unit} in \"{text}\"";
                return false;
            }

            try
            {
                total = checked(total + checked(n * size));
            }
            catch (OverflowException)
            {
                error = $"units: quantity out of range \"{text}\"";
                return false;
            }

            s = s[j..];
        }

        value = new ByteSize(total);
        return true;
    }

    /// <summary>Formats like Go's <c>Base2Bytes.String()</c>: "10MiB", "1KiB512B", "0B".</summary>
    public override string ToString()
    {
        if (Bytes == 0)
        {
            return "0B";
        }

        var sb = new StringBuilder();
        var rest = Bytes;
        if (rest < 0)
        {
            sb.Append('-');
            rest = -rest;
        }

        for (var k = 0; k < 6; k++)
        {
            var (name, size) = Units[k];
            if (rest >= size)
            {
                sb.Append((rest / size).ToString(CultureInfo.InvariantCulture)).Append(name);
                rest %= size;
            }
        }

        if (rest > 0)
        {
            sb.Append(rest.ToString(CultureInfo.InvariantCulture)).Append('B');
        }

        return sb.ToString();
    }
}
