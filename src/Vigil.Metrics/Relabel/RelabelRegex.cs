using System.Text;
using System.Text.RegularExpressions;

namespace Vigil.Metrics.Relabel;

/// <summary>
/// A relabel regex: the Go pattern fully anchored (<c>^(?:…)$</c> as Prometheus' NewRegexp), run by .NET's
/// linear-time <see cref="RegexOptions.NonBacktracking"/> engine, with group numbering and template expansion
/// that follow Go's regexp (<see cref="Expand"/>). Patterns that are plain literals or alternations of literals
/// skip the regex engine entirely.
/// </summary>
internal sealed class RelabelRegex
{
    /// <summary>The regex Prometheus uses when none is configured.</summary>
    public const string DefaultPattern = "(.*)";

    private static readonly TimeSpan NoTimeout = Regex.InfiniteMatchTimeout;
    private readonly Regex? _regex;
    private readonly HashSet<string>? _literals;
    private readonly List<string?> _groupNames;

    // "prefix(.*)suffix" / "prefix(.+)suffix" with literal affixes: matched by StartsWith/EndsWith.
    private readonly string? _prefix;
    private readonly string? _suffix;
    private readonly int _minMiddle;

    private RelabelRegex(string pattern, Regex? regex, HashSet<string>? literals, List<string?> groupNames)
    {
        Pattern = pattern;
        _regex = regex;
        _literals = literals;
        _groupNames = groupNames;
        IsDefault = pattern == DefaultPattern;
        var dotStar = pattern.IndexOf("(.*)", StringComparison.Ordinal);
        var dotPlus = pattern.IndexOf("(.+)", StringComparison.Ordinal);
        var at = dotStar >= 0 ? dotStar : dotPlus;
        if (at >= 0 && IsPlainLiteral(pattern.AsSpan(0, at)) && IsPlainLiteral(pattern.AsSpan(at + 4)))
        {
            _prefix = pattern[..at];
            _suffix = pattern[(at + 4)..];
            _minMiddle = dotStar >= 0 ? 0 : 1;
        }
    }

    /// <summary>The pattern as configured (without the anchors).</summary>
    public string Pattern { get; }

    /// <summary>True for <c>(.*)</c>: matches any value without a newline and captures it whole as group 1.</summary>
    public bool IsDefault { get; }

    /// <summary>True when matching runs the regex engine (no literal, affix or default shortcut applies).</summary>
    public bool UsesEngine => _regex is not null && _prefix is null;

    /// <summary>Number of groups including group 0.</summary>
    public int GroupCount => _groupNames.Count;

    /// <summary>Compiles <paramref name="pattern"/>; on a syntax error returns null and the reason.</summary>
    public static RelabelRegex? TryCreate(string pattern, out string? error)
    {
        error = null;
        var translated = GoRegexTranslator.Translate(pattern, out var names);
        if (IsLiteralAlternation(pattern))
        {
            return new RelabelRegex(pattern, null, [.. pattern.Split('|')], names);
        }

        try
        {
            var regex = new Regex(
                "\\A(?:" + translated + ")\\z",
                RegexOptions.NonBacktracking | RegexOptions.CultureInvariant,
                NoTimeout);
            return new RelabelRegex(pattern, regex, null, names);
        }
        catch (ArgumentException e)
        {
            error = $"error parsing regexp \"{pattern}\": {e.Message}";
            return null;
        }
        catch (NotSupportedException e)
        {
            error = $"regexp \"{pattern}\" uses a construct the linear-time engine does not support: {e.Message}";
            return null;
        }
    }

    public bool IsMatch(string value)
    {
        if (_literals is not null)
        {
            return _literals.Contains(value);
        }

        if (_prefix is not null)
        {
            return AffixMatch(value);
        }

        return _regex!.IsMatch(value);
    }

    /// <summary>Matches a joined value held in a caller's buffer, without allocating a string.</summary>
    public bool IsMatch(ReadOnlySpan<char> value)
    {
        if (_literals is not null)
        {
            return _literals.GetAlternateLookup<ReadOnlySpan<char>>().Contains(value);
        }

        if (_prefix is not null)
        {
            return AffixMatch(value);
        }

        return _regex!.IsMatch(value);
    }

    /// <summary>Matches and returns the group spans in Go numbering, or null when there is no match.</summary>
    public GroupSpans? Match(string value)
    {
        if (_literals is not null)
        {
            return _literals.Contains(value) ? new GroupSpans(value, [0, value.Length]) : null;
        }

        if (_prefix is not null)
        {
            return AffixMatch(value) ? new GroupSpans(value, [0, value.Length, _prefix.Length, value.Length - _suffix!.Length]) : null;
        }

        var m = _regex!.Match(value);
        if (!m.Success)
        {
            return null;
        }

        var spans = new int[_groupNames.Count * 2];
        for (var g = 0; g < _groupNames.Count; g++)
        {
            var group = m.Groups[g];
            spans[2 * g] = group.Success ? group.Index : -1;
            spans[(2 * g) + 1] = group.Success ? group.Index + group.Length : -1;
        }

        return new GroupSpans(value, spans);
    }

    /// <summary>Parses a Go template (<c>$1 ${1} $name ${name} $$</c>) once, resolving names against this regex.</summary>
    public Template CompileTemplate(string template) => Template.Parse(template, _groupNames);

    private static bool IsPlainLiteral(ReadOnlySpan<char> text) => !text.ContainsAny("\\.+*?()[]{}^$|\n\r");

    private bool AffixMatch(ReadOnlySpan<char> value) =>
        value.Length >= _prefix!.Length + _suffix!.Length + _minMiddle
        && value.StartsWith(_prefix, StringComparison.Ordinal)
        && value.EndsWith(_suffix, StringComparison.Ordinal)
        && !value[_prefix.Length..^_suffix.Length].Contains('\n');

    private static bool IsLiteralAlternation(string pattern)
    {
        foreach (var c in pattern)
        {
            if (c is '\\' or '.' or '+' or '*' or '?' or '(' or ')' or '[' or ']' or '{' or '}' or '^' or '$' or '\n' or '\r')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The match: group i spans <c>[Spans[2i], Spans[2i+1])</c>, -1 when the group did not take part.</summary>
    internal readonly record struct GroupSpans(string Input, int[] Spans)
    {
        public void AppendGroup(StringBuilder sb, int group)
        {
            if (group >= 0 && (2 * group) + 1 < Spans.Length && Spans[2 * group] >= 0)
            {
                sb.Append(Input, Spans[2 * group], Spans[(2 * group) + 1] - Spans[2 * group]);
            }
        }

        public string Expand(Template template)
        {
            if (template.IsLiteral)
            {
                return template.Literal;
            }

            if (template.Parts.Count == 1 && template.Parts[0].Literal is null)
            {
                var g = template.Parts[0].Group;
                if (g < 0 || (2 * g) + 1 >= Spans.Length || Spans[2 * g] < 0)
                {
                    return string.Empty;
                }

                var (start, end) = (Spans[2 * g], Spans[(2 * g) + 1]);
                return start == 0 && end == Input.Length ? Input : Input[start..end];
            }

            var sb = new StringBuilder();
            foreach (var part in template.Parts)
            {
                if (part.Literal is not null)
                {
                    sb.Append(part.Literal);
                }
                else
                {
                    AppendGroup(sb, part.Group);
                }
            }

            return sb.ToString();
        }
    }
}
