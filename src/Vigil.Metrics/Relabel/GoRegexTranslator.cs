using System.Text;

namespace Vigil.Metrics.Relabel;

/// <summary>
/// Rewrites RE2 (Go regexp) syntax into the .NET dialect so that the same pattern means the same thing:
/// named groups <c>(?P&lt;n&gt;…)</c> / <c>(?&lt;n&gt;…)</c> become plain groups (so .NET numbers every group
/// left to right, as Go does; the names are returned separately), <c>\d \w \s</c> become their ASCII classes,
/// POSIX classes <c>[[:alpha:]]</c> are expanded, <c>\Q…\E</c> is escaped, and <c>$</c> outside multi-line
/// mode becomes <c>\z</c> (Go's <c>$</c> never matches before a final newline).
/// </summary>
internal static class GoRegexTranslator
{
    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z",
        ["alpha"] = "A-Za-z",
        ["ascii"] = "\\x00-\\x7F",
        ["blank"] = "\\t ",
        ["cntrl"] = "\\x00-\\x1F\\x7F",
        ["digit"] = "0-9",
        ["graph"] = "!-~",
        ["lower"] = "a-z",
        ["print"] = " -~",
        ["punct"] = "!-/:-@\\[-`{-~",
        ["space"] = "\\t\\n\\v\\f\\r ",
        ["upper"] = "A-Z",
        ["word"] = "0-9A-Za-z_",
        ["xdigit"] = "0-9A-Fa-f",
    };

    /// <summary>Translates <paramref name="pattern"/>; <paramref name="groupNames"/>[i] is the name of group i (or null).</summary>
    public static string Translate(string pattern, out List<string?> groupNames)
    {
        groupNames = [null];
        var multiline = pattern.Contains("(?m", StringComparison.Ordinal) || HasFlag(pattern, 'm');
        var sb = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var e = pattern[i + 1];
                i++;
                if (e == 'Q')
                {
                    var end = pattern.IndexOf("\\E", i + 1, StringComparison.Ordinal);
                    var literal = end < 0 ? pattern[(i + 1)..] : pattern[(i + 1)..end];
                    sb.Append(inClass ? EscapeInClass(literal) : System.Text.RegularExpressions.Regex.Escape(literal));
                    i = end < 0 ? pattern.Length : end + 1;
                    continue;
                }

                sb.Append((e, inClass) switch
                {
                    ('d', false) => "[0-9]",
                    ('D', false) => "[^0-9]",
                    ('w', false) => "[0-9A-Za-z_]",
                    ('W', false) => "[^0-9A-Za-z_]",
                    ('s', false) => "[\\t\\n\\f\\r ]",
                    ('S', false) => "[^\\t\\n\\f\\r ]",
                    ('d', true) => "0-9",
                    ('w', true) => "0-9A-Za-z_",
                    ('s', true) => "\\t\\n\\f\\r ",
                    _ => "\\" + e,
                });
                continue;
            }

            if (inClass)
            {
                if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
                {
                    var close = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (close > 0)
                    {
                        var name = pattern[(i + 2)..close];
                        var negated = name.StartsWith('^');
                        if (!negated && PosixClasses.TryGetValue(name, out var expansion))
                        {
                            sb.Append(expansion);
                            i = close + 1;
                            continue;
                        }
                    }

                    // '[' inside a class is a literal in RE2; .NET reads it as one too unless it starts a subtraction.
                    sb.Append("\\[");
                    continue;
                }

                if (c == ']')
                {
                    inClass = false;
                }

                sb.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    sb.Append(c);
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        sb.Append('^');
                        i++;
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        // A ']' right after '[' or '[^' is a literal in RE2.
                        sb.Append("\\]");
                        i++;
                    }

                    break;
                case '(':
                    if (i + 1 < pattern.Length && pattern[i + 1] == '?')
                    {
                        var nameStart = pattern.AsSpan(i).StartsWith("(?P<") ? i + 4 : pattern.AsSpan(i).StartsWith("(?<") ? i + 3 : -1;
                        if (nameStart > 0)
                        {
                            var close = pattern.IndexOf('>', nameStart);
                            if (close > nameStart)
                            {
                                groupNames.Add(pattern[nameStart..close]);
                                sb.Append('(');
                                i = close;
                                break;
                            }
                        }

                        sb.Append(c);
                        break;
                    }

                    groupNames.Add(null);
                    sb.Append(c);
                    break;
                case '$':
                    sb.Append(multiline ? "$" : "\\z");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    private static bool HasFlag(string pattern, char flag)
    {
        var i = 0;
        while ((i = pattern.IndexOf("(?", i, StringComparison.Ordinal)) >= 0)
        {
            i += 2;
            while (i < pattern.Length && char.IsAsciiLetter(pattern[i]))
            {
                if (pattern[i] == flag)
                {
                    return true;
                }

                i++;
            }
        }

        return false;
    }

    private static string EscapeInClass(string literal)
    {
        var sb = new StringBuilder();
        foreach (var ch in literal)
        {
            if (ch is '\\' or ']' or '[' or '^' or '-')
            {
                sb.Append('\\');
            }

            sb.Append(ch);
        }

        return sb.ToString();
    }
}
