using System.Text;
using System.Text.Unicode;
using Vigil.Common.Model;

namespace Vigil.Metrics.TextParse;

/// <summary>
/// Prometheus text format 0.0.4, scanned directly over the page bytes.
/// Behaviour follows prometheus model/textparse/promparse.go @ 033f7b8d and promlex.l @ 45dd619d, as 2.42 behaves: blanks and tabs separate
/// tokens; blanks before a sample name fail the page (Prometheus keeps them in the name and rejects it); label values accept any backslash escape but only <c>\\</c>, <c>\"</c>,
/// <c>\n</c> are resolved; labels need no comma between them and a trailing comma is allowed; a NUL byte where a
/// line starts ends the page. Prometheus appends a newline to the page before lexing it (NewPromParser), so the end of
/// the page also ends a last sample or metadata line that has no newline of its own.
/// </summary>
internal sealed class PromTextParser : IExpositionParser
{
    private ReadOnlyMemory<byte> _page;
    private int _pos;
    private int _seriesStart;
    private int _seriesEnd;
    private int _nameStart;
    private int _nameEnd;
    private int _textStart;
    private int _textEnd;

    public PromTextParser(ReadOnlyMemory<byte> page)
    {
        _page = page;
    }

    public ParseError? Error { get; private set; }

    /// <summary>Starts over on a new page, so a scrape loop can reuse one parser instance.</summary>
    public void Reset(ReadOnlyMemory<byte> page)
    {
        _page = page;
        _pos = 0;
        Error = null;
        HasTimestamp = false;
    }

    public ReadOnlySpan<byte> Series => _page.Span[_seriesStart.._seriesEnd];

    public double Value { get; private set; }

    public bool HasTimestamp { get; private set; }

    public long TimestampMs { get; private set; }

    public ReadOnlySpan<byte> MetricName => _page.Span[_nameStart.._nameEnd];

    public MetricType Type { get; private set; }

    public ReadOnlySpan<byte> RawText => _page.Span[_textStart.._textEnd];

    /// <summary>Labels on the current sample line, counted while scanning (no allocation).</summary>
    public int LabelCount { get; private set; }

    public Entry Next()
    {
        var b = _page.Span;
        while (true)
        {
            var p = SkipBlanks(b, _pos);
            if (p >= b.Length)
            {
                _pos = p;
                return Entry.Eof;
            }

            var c = b[p];
            if (c == '\n')
            {
                _pos = p + 1;
                continue;
            }

            if (c == 0)
            {
                // promlex treats NUL at a token start as the end of input.
                _pos = b.Length;
                return Entry.Eof;
            }

            if (c == '#')
            {
                return ParseHashLine(b, p);
            }

            if (NameValidation.IsMetricNameStart(c))
            {
                if (p != _pos && (_pos == 0 || b[_pos - 1] == '\n'))
                {
                    // Prometheus keeps the leading blanks in the metric name, which then fails name validation
                    // and the whole scrape; failing here gives the same outcome with a clearer reason.
                    return Fail(p, $"invalid metric name \"{Printable.Of(b[_pos..Math.Min(p + 16, b.Length)])}\": leading whitespace");
                }

                return ParseSample(b, p);
            }

            return Fail(p, $"expected a valid start token, got \"{Printable.Of(b.Slice(p, 1))}\"");
        }
    }

    public string HelpText() => UnescapeHelp(RawText);

    public void BuildLabels(LabelsBuilder builder, StringInterner? interner = null)
    {
        var s = Series;
        var i = 0;
        while (i < s.Length && NameValidation.IsMetricNameChar(s[i]))
        {
            i++;
        }

        builder.Add(Label.MetricName, Intern(s[..i], interner));
        i = SkipBlanks(s, i);
        if (i >= s.Length || s[i] != '{')
        {
            return;
        }

        i++;
        while (true)
        {
            i = SkipBlanks(s, i);
            if (s[i] == '}')
            {
                return;
            }

            var ns = i;
            while (NameValidation.IsLabelNameChar(s[i]))
            {
                i++;
            }

            var name = s[ns..i];
            i = SkipBlanks(s, i) + 1; // '='
            i = SkipBlanks(s, i) + 1; // opening quote
            var vs = i;
            var escaped = false;
            while (s[i] != '"')
            {
                if (s[i] == '\\')
                {
                    escaped = true;
                    i++;
                }

                i++;
            }

            var raw = s[vs..i];
            i++;
            var value = escaped ? UnescapeLabelValue(raw, interner) : Intern(raw, interner);
            builder.Add(Intern(name, interner), value);
            i = SkipBlanks(s, i);
            if (s[i] == ',')
            {
                i++;
            }
        }
    }

    public bool TryGetExemplar(out Exemplar exemplar)
    {
        exemplar = default;
        return false;
    }

    public bool TryGetCreatedTimestamp(out long createdMs)
    {
        createdMs = 0;
        return false;
    }

    internal static string UnescapeLabelValue(ReadOnlySpan<byte> raw, StringInterner? interner)
    {
        var buffer = raw.Length <= 512 ? stackalloc byte[raw.Length] : new byte[raw.Length];
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\' && i + 1 < raw.Length)
            {
                var e = raw[i + 1];
                if (e is (byte)'\\' or (byte)'"' or (byte)'n')
                {
                    buffer[n++] = e == 'n' ? (byte)'\n' : e;
                    i++;
                    continue;
                }
            }

            buffer[n++] = c;
        }

        return Intern(buffer[..n], interner);
    }

    internal static string UnescapeHelp(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }

        var buffer = new byte[raw.Length];
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\' && i + 1 < raw.Length && raw[i + 1] is (byte)'\\' or (byte)'n')
            {
                buffer[n++] = raw[i + 1] == 'n' ? (byte)'\n' : (byte)'\\';
                i++;
                continue;
            }

            buffer[n++] = c;
        }

        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    private static string Intern(ReadOnlySpan<byte> utf8, StringInterner? interner) =>
        interner is null ? Encoding.UTF8.GetString(utf8) : interner.Intern(utf8);

    private static int SkipBlanks(ReadOnlySpan<byte> b, int p)
    {
        while (p < b.Length && (b[p] == ' ' || b[p] == '\t'))
        {
            p++;
        }

        return p;
    }

    private Entry ParseHashLine(ReadOnlySpan<byte> b, int hash)
    {
        var p = hash + 1;
        var afterBlanks = SkipBlanks(b, p);
        if (afterBlanks > p)
        {
            var rest = b[afterBlanks..];
            var isHelp = rest.StartsWith("HELP"u8);
            if ((isHelp || rest.StartsWith("TYPE"u8)) && rest.Length > 4 && rest[4] is (byte)' ' or (byte)'\t')
            {
                return ParseMeta(b, SkipBlanks(b, afterBlanks + 4), isHelp);
            }
        }

        var nl = b[p..].IndexOf((byte)'\n');
        if (nl < 0)
        {
            // promlex: a comment running into the end of the page ends the input.
            _pos = b.Length;
            return Entry.Eof;
        }

        _textStart = hash;
        _textEnd = p + nl;
        _pos = p + nl + 1;
        return Entry.Comment;
    }

    private Entry ParseMeta(ReadOnlySpan<byte> b, int p, bool isHelp)
    {
        var keyword = isHelp ? "HELP" : "TYPE";
        if (p >= b.Length || !NameValidation.IsMetricNameStart(b[p]))
        {
            return Fail(p, $"expected metric name after {keyword}");
        }

        _nameStart = p;
        while (p < b.Length && NameValidation.IsMetricNameChar(b[p]))
        {
            p++;
        }

        _nameEnd = p;
        // The end of the page ends the line too (Prometheus lexes the page with a newline appended).
        var nl = b[p..].IndexOf((byte)'\n');
        var textEnd = nl < 0 ? b.Length : p + nl;

        // The text token starts right after the name and its first byte is the separator.
        _textStart = textEnd - p > 1 ? p + 1 : textEnd;
        _textEnd = textEnd;
        _pos = Math.Min(textEnd + 1, b.Length);
        var text = b[_textStart.._textEnd];
        if (isHelp)
        {
            if (!Utf8.IsValid(text))
            {
                return Fail(_textStart, $"help text \"{Printable.Of(text)}\" is not a valid utf8 string");
            }

            return Entry.Help;
        }

        MetricType? type = text switch
        {
            _ when text.SequenceEqual("counter"u8) => MetricType.Counter,
            _ when text.SequenceEqual("gauge"u8) => MetricType.Gauge,
            _ when text.SequenceEqual("histogram"u8) => MetricType.Histogram,
            _ when text.SequenceEqual("summary"u8) => MetricType.Summary,
            _ when text.SequenceEqual("untyped"u8) => MetricType.Unknown,
            _ => null,
        };
        if (type is null)
        {
            return Fail(_textStart, $"invalid metric type \"{Printable.Of(text)}\"");
        }

        Type = type.Value;
        return Entry.Type;
    }

    private Entry ParseSample(ReadOnlySpan<byte> b, int start)
    {
        var p = start + 1;
        while (p < b.Length && NameValidation.IsMetricNameChar(b[p]))
        {
            p++;
        }

        _seriesStart = start;
        _seriesEnd = p;
        LabelCount = 0;
        p = SkipBlanks(b, p);
        if (p < b.Length && b[p] == '{')
        {
            p = ParseLabels(b, p + 1);
            if (p < 0)
            {
                return Entry.Invalid;
            }

            _seriesEnd = p;
            p = SkipBlanks(b, p);
        }

        // Value token: [^{ \t\n]+
        var vs = p;
        while (p < b.Length && b[p] is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'{'))
        {
            p++;
        }

        if (p == vs)
        {
            var got = p >= b.Length ? "end of input" : $"\"{Printable.Of(b.Slice(p, 1))}\"";
            return Fail(p, $"expected value after metric, got {got}");
        }

        if (!GoFloat.TryParse(b[vs..p], out var v, out var floatError))
        {
            return Fail(vs, floatError!);
        }

        Value = double.IsNaN(v) ? GoFloat.NormalNaN : v;
        HasTimestamp = false;
        p = SkipBlanks(b, p);
        if (p >= b.Length || b[p] == '\n')
        {
            // A last line without its newline is complete: Prometheus lexes the page with a newline appended.
            _pos = Math.Min(p + 1, b.Length);
            return Entry.Series;
        }

        var ts = p;
        while (p < b.Length && (uint)(b[p] - '0') <= 9)
        {
            p++;
        }

        if (p == ts)
        {
            return Fail(p, $"expected timestamp or new record, got \"{Printable.Of(b.Slice(p, 1))}\"");
        }

        if (!long.TryParse(b[ts..p], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var t))
        {
            return Fail(ts, $"timestamp \"{Printable.Of(b[ts..p])}\" out of range");
        }

        HasTimestamp = true;
        TimestampMs = t;
        p = SkipBlanks(b, p);
        if (p < b.Length && b[p] != '\n')
        {
            return Fail(p, $"expected next entry after timestamp, got \"{Printable.Of(b.Slice(p, 1))}\"");
        }

        _pos = Math.Min(p + 1, b.Length);
        return Entry.Series;
    }

    /// <summary>Scans a label block after '{'; returns the position after '}' or -1 (with the error set).</summary>
    private int ParseLabels(ReadOnlySpan<byte> b, int p)
    {
        var count = 0;
        while (true)
        {
            p = SkipBlanks(b, p);
            if (p >= b.Length)
            {
                Fail(p, "expected label name, got end of input");
                return -1;
            }

            if (b[p] == '}')
            {
                LabelCount = count;
                return p + 1;
            }

            if (!NameValidation.IsLabelNameStart(b[p]))
            {
                Fail(p, $"expected label name, got \"{Printable.Of(b.Slice(p, 1))}\"");
                return -1;
            }

            p++;
            while (p < b.Length && NameValidation.IsLabelNameChar(b[p]))
            {
                p++;
            }

            p = SkipBlanks(b, p);
            if (p >= b.Length || b[p] != '=')
            {
                Fail(p, "expected equal after label name");
                return -1;
            }

            p = SkipBlanks(b, p + 1);
            if (p >= b.Length || b[p] != '"')
            {
                Fail(p, "expected label value (a quoted string)");
                return -1;
            }

            var vs = ++p;
            while (true)
            {
                var q = b[p..].IndexOfAny((byte)'"', (byte)'\\');
                if (q < 0)
                {
                    Fail(vs - 1, "unterminated label value");
                    return -1;
                }

                p += q;
                if (b[p] == '"')
                {
                    break;
                }

                p += 2;
                if (p >= b.Length)
                {
                    Fail(vs - 1, "unterminated label value");
                    return -1;
                }
            }

            if (!Utf8.IsValid(b[vs..p]))
            {
                Fail(vs, $"invalid UTF-8 label value: \"{Printable.Of(b[vs..p])}\"");
                return -1;
            }

            p++;
            count++;
            p = SkipBlanks(b, p);
            if (p < b.Length && b[p] == ',')
            {
                p++;
            }
        }
    }

    private Entry Fail(int position, string reason)
    {
        var span = _page.Span;
        var upTo = Math.Min(position, span.Length);
        var line = span[..upTo].Count((byte)'\n') + 1;
        Error = new ParseError(line, reason);
        _pos = span.Length;
        return Entry.Invalid;
    }
}
