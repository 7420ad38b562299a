using System.Text;

namespace Vigil.Server.Config;

/// <summary>
/// <c>-config.expand-env</c>: bash-style substitution over the whole file before YAML parsing, as Grafana Agent does with
/// drone/envsubst. Supports <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>, <c>${VAR:=default}</c>,
/// <c>${VAR=default}</c> and <c>$$</c> for a literal <c>$</c>. Undefined variables become empty. Numeric names such as
/// <c>${1}</c> are left untouched so regex capture references in relabel rules survive (<c>${1:-x}</c> also becomes <c>${1}</c>).
/// </summary>
internal static class EnvExpander
{
    public static string Expand(string text, Func<string, string?> getenv)
    {
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                sb.Append(c);
                i++;
                continue;
            }

            var next = text[i + 1];
            if (next == '$')
            {
                sb.Append('$');
                i += 2;
                continue;
            }

            if (next == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0)
                {
                    throw new FormatException($"bad substitution at offset {i}: missing '}}'");
                }

                sb.Append(Substitute(text[(i + 2)..close], getenv));
                i = close + 1;
                continue;
            }

            if (IsNameStart(next))
            {
                var end = i + 1;
                while (end < text.Length && IsNameChar(text[end]))
                {
                    end++;
                }

                var name = text[(i + 1)..end];
                sb.Append(char.IsAsciiDigit(name[0]) ? "${" + name + "}" : getenv(name) ?? string.Empty);
                i = end;
                continue;
            }

            // A lone '$' (e.g. the end anchor of a regex) stays as written.
            sb.Append(c);
            i++;
        }

        return sb.ToString();
    }

    private static string Substitute(string expression, Func<string, string?> getenv)
    {
        var nameLength = 0;
        while (nameLength < expression.Length && IsNameChar(expression[nameLength]))
        {
            nameLength++;
        }

        var name = expression[..nameLength];
        if (name.Length == 0)
        {
            throw new FormatException($"bad substitution: ${{{expression}}}");
        }

        if (char.IsAsciiDigit(name[0]))
        {
            return "${" + name + "}";
        }

        var op = expression[nameLength..];
        var value = getenv(name);
        if (op.Length == 0)
        {
            return value ?? string.Empty;
        }

        if (op.StartsWith(":-", StringComparison.Ordinal) || op.StartsWith(":=", StringComparison.Ordinal))
        {
            return string.IsNullOrEmpty(value) ? op[2..] : value;
        }

        if (op[0] is '-' or '=')
        {
            return value ?? op[1..];
        }

        throw new FormatException($"bad substitution: ${{{expression}}} (supported: ${{VAR}}, ${{VAR:-default}}, ${{VAR-default}}, ${{VAR:=default}}, ${{VAR=default}})");
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_' || char.IsAsciiDigit(c);

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
