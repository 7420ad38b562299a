using System.Globalization;
using System.Text;

namespace Vigil.Ctl.WalTools;

/// <summary>
/// Renders a table the way agentctl's table writer (olekukonko/tablewriter defaults) does: upper-case centred headers,
/// numbers right-aligned, text left-aligned, one space of padding, <c>+ - |</c> borders.
/// </summary>
internal static class AsciiTable
{
    public static string Render(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var line = "+" + string.Join("+", widths.Select(w => new string('-', w + 2))) + "+";
        var sb = new StringBuilder();
        sb.Append(line).Append('\n');
        sb.Append('|');
        for (var i = 0; i < widths.Length; i++)
        {
            sb.Append(' ').Append(Center(headers[i].ToUpperInvariant(), widths[i])).Append(" |");
        }

        sb.Append('\n').Append(line).Append('\n');
        foreach (var row in rows)
        {
            sb.Append('|');
            for (var i = 0; i < widths.Length; i++)
            {
                var cell = row[i];
                var numeric = double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                sb.Append(' ').Append(numeric ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i])).Append(" |");
            }

            sb.Append('\n');
        }

        if (rows.Count > 0)
        {
            sb.Append(line).Append('\n');
        }

        return sb.ToString();
    }

    private static string Center(string s, int width)
    {
        var gap = width - s.Length;
        var left = gap / 2;
        return new string(' ', left) + s + new string(' ', gap - left);
    }
}
