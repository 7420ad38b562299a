using System.Text;

namespace Vigil.Metrics.Relabel;

/// <summary>
/// A replacement template in Go <c>Regexp.Expand</c> syntax, parsed once: <c>$$</c> is a dollar; <c>$name</c>
/// takes the longest run of letters, digits and underscores (so <c>$1x</c> means group "1x", which is empty);
/// <c>${name}</c> is explicit; a number names a group by index (no leading zeros); an unknown group expands to
/// nothing; a malformed reference leaves the <c>$</c> as text.
/// </summary>
internal sealed class Template
{
    private Template(string literal, List<TemplatePart> parts, bool isLiteral)
    {
        Literal = literal;
        Parts = parts;
        IsLiteral = isLiteral;
    }

    public string Literal { get; }

    public List<TemplatePart> Parts { get; }

    public bool IsLiteral { get; }

    public static Template Parse(string template, IReadOnlyList<string?> groupNames)
    {
        var parts = new List<TemplatePart>();
        var text = new StringBuilder();
        var rest = template.AsSpan();
        while (true)
        {
            var dollar = rest.IndexOf('$');
            if (dollar < 0)
            {
                text.Append(rest);
                break;
            }

            text.Append(rest[..dollar]);
            rest = rest[(dollar + 1)..];
            if (!rest.IsEmpty && rest[0] == '$')
            {
                text.Append('$');
                rest = rest[1..];
                continue;
            }

            if (!TryExtract(rest, out var name, out var consumed))
            {
                text.Append('$');
                continue;
            }

            rest = rest[consumed..];
            if (text.Length > 0)
            {
                parts.Add(new TemplatePart(text.ToString(), -1));
                text.Clear();
            }

            parts.Add(new TemplatePart(null, Resolve(name, groupNames)));
        }

        if (parts.Count == 0)
        {
            return new Template(text.ToString(), parts, isLiteral: true);
        }

        if (text.Length > 0)
        {
            parts.Add(new TemplatePart(text.ToString(), -1));
        }

        return new Template(string.Empty, parts, isLiteral: false);
    }

    private static int Resolve(string name, IReadOnlyList<string?> groupNames)
    {
        var num = 0;
        foreach (var ch in name)
        {
            if (ch is < '0' or > '9' || num >= 100_000_000)
            {
                num = -1;
                break;
            }

            num = (num * 10) + (ch - '0');
        }

        if (name[0] == '0' && name.Length > 1)
        {
            num = -1;
        }

        if (num >= 0)
        {
            return num < groupNames.Count ? num : -1;
        }

        for (var i = 0; i < groupNames.Count; i++)
        {
            if (groupNames[i] == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool TryExtract(ReadOnlySpan<char> s, out string name, out int consumed)
    {
        name = string.Empty;
        consumed = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        var brace = s[0] == '{';
        var start = brace ? 1 : 0;
        var i = start;
        while (i < s.Length)
        {
            var r = s[i];
            if (char.IsHighSurrogate(r) && i + 1 < s.Length)
            {
                if (!char.IsLetterOrDigit(s.Slice(i, 2).ToString(), 0))
                {
                    break;
                }

                i += 2;
                continue;
            }

            if (!char.IsLetter(r) && !char.IsDigit(r) && r != '_')
            {
                break;
            }

            i++;
        }

        if (i == start)
        {
            return false;
        }

        name = s[start..i].ToString();
        if (brace)
        {
            if (i >= s.Length || s[i] != '}')
            {
                return false;
            }

            i++;
        }

        consumed = i;
        return true;
    }
}
