using System.Text;
using System.Text.Unicode;
using Vigil.Common.Model;

namespace Vigil.Metrics.TextParse;

/// <summary>
/// OpenMetrics 1.0 text, scanned directly over the page bytes.
/// Behaviour follows prometheus model/textparse/openmetricsparse.go and openmetricslex.l (2.42 era; exemplars are
/// accepted on any series, as later versions do): exactly one space
/// between tokens, no blank lines, no free comments, labels separated by single commas (no trailing comma),
/// timestamps in seconds with a fraction (converted to ms, NaN/Inf rejected), optional exemplar
/// <c># {labels} value [timestamp]</c> after a sample, and the page must end with <c># EOF</c>.
/// </summary>
internal sealed class OpenMetricsParser : IExpositionParser
{
    private ReadOnlyMemory<byte> _page;
    private int _pos;
    private int _seriesStart;
    private int _seriesEnd;
    private int _nameStart;
    private int _nameEnd;
    private int _textStart;
    private int _textEnd;
    private int _exemplarStart;
    private int _exemplarEnd;
    private double _exemplarValue;
    private bool _exemplarHasTs;
    private long _exemplarTs;
    private int _familyStart;
    private int _familyEnd;

    public OpenMetricsParser(ReadOnlyMemory<byte> page)
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

    /// <summary>True when the current sample carries an exemplar.</summary>
    public bool HasExemplar => _exemplarEnd > _exemplarStart;

    public Entry Next()
    {
        var b = _page.Span;
        var p = _pos;
        _exemplarStart = _exemplarEnd = 0;
        if (p >= b.Length)
        {
            return Fail(p, "data does not end with # EOF");
        }

        var c = b[p];
        if (c == '#')
        {
            return ParseHashLine(b, p);
        }

        if (NameValidation.IsMetricNameStart(c))
        {
            return ParseSample(b, p);
        }

        return Fail(p, $"expected a valid start token, got \"{Printable.Of(b.Slice(p, 1))}\"");
    }

    public string HelpText()
    {
        var raw = RawText;
        return raw.IndexOf((byte)'\\') < 0 ? Encoding.UTF8.GetString(raw) : PromTextParser.UnescapeLabelValue(raw, null);
    }

    public void BuildLabels(LabelsBuilder builder, StringInterner? interner = null)
    {
        var s = Series;
        var i = 0;
        while (i < s.Length && NameValidation.IsMetricNameChar(s[i]))
        {
            i++;
        }

        builder.Add(Label.MetricName, Intern(s[..i], interner));
        if (i < s.Length)
        {
            AddLabelBlock(s[(i + 1)..], builder, interner);
        }
    }

    public bool TryGetExemplar(out Exemplar exemplar)
    {
        if (!HasExemplar)
        {
            exemplar = default;
            return false;
        }

        var builder = new LabelsBuilder();
        AddLabelBlock(_page.Span[(_exemplarStart + 1).._exemplarEnd], builder, null);
        exemplar = new Exemplar(builder.Build(), _exemplarValue, _exemplarHasTs, _exemplarTs);
        return true;
    }

    /// <summary>
    /// Looks ahead in the current family for the <c>_created</c> line whose labels equal the current sample's
    /// (ignoring <c>le</c> and <c>quantile</c>), for counters, summaries and histograms. The <c>_created</c> lines
    /// themselves are still returned as samples, as Prometheus 2.42 stores them.
    /// </summary>
    public bool TryGetCreatedTimestamp(out long createdMs)
    {
        createdMs = 0;
        var b = _page.Span;
        var family = b[_familyStart.._familyEnd];
        if (Type is not (MetricType.Counter or MetricType.Summary or MetricType.Histogram)
            || family.IsEmpty || !Series.StartsWith(family))
        {
            return false;
        }

        var current = IdentityLabels(this);
        var p = _pos;
        while (p < b.Length && b[p..].StartsWith(family))
        {
            var nl = b[p..].IndexOf((byte)'\n');
            var end = nl < 0 ? b.Length : p + nl + 1;
            var rest = b[(p + family.Length)..];
            if (rest.StartsWith("_created"u8) && (rest.Length == 8 || rest[8] is (byte)'{' or (byte)' '))
            {
                var line = new OpenMetricsParser(_page[p..end]);
                if (line.Next() == Entry.Series && IdentityLabels(line).Equals(current))
                {
                    createdMs = (long)(line.Value * 1000);
                    return true;
                }
            }

            p = end;
        }

        return false;
    }

    private static Labels IdentityLabels(OpenMetricsParser parser)
    {
        var builder = new LabelsBuilder();
        parser.BuildLabels(builder);
        return builder.Del(Label.MetricName).Del("le").Del("quantile").Build();
    }

    private static string Intern(ReadOnlySpan<byte> utf8, StringInterner? interner) =>
        interner is null ? Encoding.UTF8.GetString(utf8) : interner.Intern(utf8);

    /// <summary>Adds the pairs of an already validated block <c>a="x",b="y"}</c> (after the opening brace).</summary>
    private static void AddLabelBlock(ReadOnlySpan<byte> s, LabelsBuilder builder, StringInterner? interner)
    {
        var i = 0;
        while (i < s.Length && s[i] != '}')
        {
            var ns = i;
            while (s[i] != '=')
            {
                i++;
            }

            var name = s[ns..i];
            i += 2;
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
            builder.Add(Intern(name, interner), escaped ? PromTextParser.UnescapeLabelValue(raw, interner) : Intern(raw, interner));
            i++;
            if (i < s.Length && s[i] == ',')
            {
                i++;
            }
        }
    }

    private Entry ParseHashLine(ReadOnlySpan<byte> b, int p)
    {
        if (p + 1 >= b.Length || b[p + 1] != ' ')
        {
            return Fail(p, "expected a valid start token, got \"#\" without a following space");
        }

        var rest = b[(p + 2)..];
        if (rest.StartsWith("EOF"u8))
        {
            var after = p + 5;
            if (after < b.Length && b[after] == '\n')
            {
                after++;
            }

            if (after != b.Length)
            {
                return Fail(after, "unexpected data after # EOF");
            }

            _pos = b.Length;
            return Entry.Eof;
        }

        Entry kind;
        if (rest.StartsWith("HELP "u8))
        {
            kind = Entry.Help;
        }
        else if (rest.StartsWith("TYPE "u8))
        {
            kind = Entry.Type;
        }
        else if (rest.StartsWith("UNIT "u8))
        {
            kind = Entry.Unit;
        }
        else
        {
            return Fail(p, "expected HELP, TYPE, UNIT or EOF after \"# \"");
        }

        var keyword = kind switch
        {
            Entry.Help => "HELP",
            Entry.Type => "TYPE",
            _ => "UNIT",
        };
        var q = p + 7;
        if (q >= b.Length || !NameValidation.IsMetricNameStart(b[q]))
        {
            return Fail(q, $"expected metric name after {keyword}");
        }

        _nameStart = q;
        while (q < b.Length && NameValidation.IsMetricNameChar(b[q]))
        {
            q++;
        }

        _nameEnd = q;
        var nl = b[q..].IndexOf((byte)'\n');
        if (nl < 0 || b[q] != ' ')
        {
            return Fail(q, $"expected text in {keyword}");
        }

        _textStart = q + 1;
        _textEnd = q + nl;
        _pos = _textEnd + 1;
        var text = b[_textStart.._textEnd];
        switch (kind)
        {
            case Entry.Help:
                if (!Utf8.IsValid(text))
                {
                    return Fail(_textStart, $"help text \"{Printable.Of(text)}\" is not a valid utf8 string");
                }

                break;
            case Entry.Type:
                MetricType? type = text switch
                {
                    _ when text.SequenceEqual("counter"u8) => MetricType.Counter,
                    _ when text.SequenceEqual("gauge"u8) => MetricType.Gauge,
                    _ when text.SequenceEqual("histogram"u8) => MetricType.Histogram,
                    _ when text.SequenceEqual("gaugehistogram"u8) => MetricType.GaugeHistogram,
                    _ when text.SequenceEqual("summary"u8) => MetricType.Summary,
                    _ when text.SequenceEqual("info"u8) => MetricType.Info,
                    _ when text.SequenceEqual("stateset"u8) => MetricType.Stateset,
                    _ when text.SequenceEqual("unknown"u8) => MetricType.Unknown,
                    _ => null,
                };
                if (type is null)
                {
                    return Fail(_textStart, $"invalid metric type \"{Printable.Of(text)}\"");
                }

                Type = type.Value;
                _familyStart = _nameStart;
                _familyEnd = _nameEnd;
                break;
            default:
                var name = MetricName;
                if (!text.IsEmpty && (!name.EndsWith(text) || name.Length < text.Length + 1 || name[name.Length - text.Length - 1] != '_'))
                {
                    return Fail(_textStart, $"unit \"{Printable.Of(text)}\" not a suffix of metric \"{Printable.Of(name)}\"");
                }

                break;
        }

        return kind;
    }

    private Entry ParseSample(ReadOnlySpan<byte> b, int start)
    {
        var p = start + 1;
        while (p < b.Length && NameValidation.IsMetricNameChar(b[p]))
        {
            p++;
        }

        _seriesStart = start;
        if (p < b.Length && b[p] == '{')
        {
            p = ParseLabels(b, p + 1);
            if (p < 0)
            {
                return Entry.Invalid;
            }
        }

        _seriesEnd = p;
        if (!TryParseSpaceToken(b, ref p, out var valueToken))
        {
            return Fail(p, "expected value after metric");
        }

        if (!GoFloat.TryParse(valueToken, out var v, out var error))
        {
            return Fail(p - valueToken.Length, error!);
        }

        Value = double.IsNaN(v) ? GoFloat.NormalNaN : v;
        HasTimestamp = false;
        if (p >= b.Length)
        {
            return Fail(p, "data does not end with # EOF");
        }

        if (b[p] == '\n')
        {
            _pos = p + 1;
            return Entry.Series;
        }

        if (IsExemplarStart(b, p))
        {
            return ParseExemplar(b, p);
        }

        if (!TryParseSpaceToken(b, ref p, out var tsToken))
        {
            return Fail(p, "expected timestamp or # symbol");
        }

        if (!TryParseSeconds(tsToken, out var ms, out error))
        {
            return Fail(p - tsToken.Length, error!);
        }

        HasTimestamp = true;
        TimestampMs = ms;
        if (p < b.Length && b[p] == '\n')
        {
            _pos = p + 1;
            return Entry.Series;
        }

        if (IsExemplarStart(b, p))
        {
            return ParseExemplar(b, p);
        }

        return Fail(p, "expected next entry after timestamp");
    }

    private static bool IsExemplarStart(ReadOnlySpan<byte> b, int p) => b[p..].StartsWith(" # {"u8);

    private Entry ParseExemplar(ReadOnlySpan<byte> b, int p)
    {
        _exemplarStart = p + 3;
        var q = ParseLabels(b, p + 4);
        if (q < 0)
        {
            return Entry.Invalid;
        }

        _exemplarEnd = q;
        if (!TryParseSpaceToken(b, ref q, out var valueToken))
        {
            return Fail(q, "expected value after exemplar labels");
        }

        if (!GoFloat.TryParse(valueToken, out var v, out var error))
        {
            return Fail(q - valueToken.Length, error!);
        }

        _exemplarValue = double.IsNaN(v) ? GoFloat.NormalNaN : v;
        _exemplarHasTs = false;
        if (q >= b.Length)
        {
            return Fail(q, "data does not end with # EOF");
        }

        if (b[q] != '\n')
        {
            if (!TryParseSpaceToken(b, ref q, out var tsToken))
            {
                return Fail(q, "expected timestamp or comment");
            }

            if (!TryParseSeconds(tsToken, out var ms, out error))
            {
                return Fail(q - tsToken.Length, "invalid exemplar " + error);
            }

            _exemplarHasTs = true;
            _exemplarTs = ms;
            if (q >= b.Length || b[q] != '\n')
            {
                return Fail(q, "expected next entry after exemplar timestamp");
            }
        }

        _pos = q + 1;
        return Entry.Series;
    }

    /// <summary>Reads <c>' ' [^ \n]+</c> at <paramref name="p"/>.</summary>
    private static bool TryParseSpaceToken(ReadOnlySpan<byte> b, ref int p, out ReadOnlySpan<byte> token)
    {
        token = default;
        if (p >= b.Length || b[p] != ' ')
        {
            return false;
        }

        var s = p + 1;
        var e = s;
        while (e < b.Length && b[e] != ' ' && b[e] != '\n')
        {
            e++;
        }

        if (e == s)
        {
            return false;
        }

        token = b[s..e];
        p = e;
        return true;
    }

    private static bool TryParseSeconds(ReadOnlySpan<byte> token, out long ms, out string? error)
    {
        ms = 0;
        if (!GoFloat.TryParse(token, out var seconds, out error))
        {
            return false;
        }

        if (double.IsNaN(seconds) || double.IsInfinity(seconds))
        {
            error = $"invalid timestamp {Printable.Of(token)}";
            return false;
        }

        ms = (long)(seconds * 1000);
        return true;
    }

    /// <summary>Scans <c>name="value"(,name="value")*}</c> after '{'; returns the position after '}' or -1.</summary>
    private int ParseLabels(ReadOnlySpan<byte> b, int p)
    {
        var first = true;
        while (true)
        {
            if (p >= b.Length)
            {
                Fail(p, "expected label name or right brace, got end of input");
                return -1;
            }

            if (b[p] == '}')
            {
                return p + 1;
            }

            if (!first)
            {
                if (b[p] != ',')
                {
                    Fail(p, "expected comma or right brace");
                    return -1;
                }

                p++;
                if (p >= b.Length || !NameValidation.IsLabelNameStart(b[p]))
                {
                    Fail(p, "expected label name after comma");
                    return -1;
                }
            }
            else if (!NameValidation.IsLabelNameStart(b[p]))
            {
                Fail(p, "expected label name or right brace");
                return -1;
            }

            first = false;
            p++;
            while (p < b.Length && NameValidation.IsLabelNameChar(b[p]))
            {
                p++;
            }

            if (p >= b.Length || b[p] != '=')
            {
                Fail(p, "expected equal");
                return -1;
            }

            p++;
            if (p >= b.Length || b[p] != '"')
            {
                Fail(p, "expected label value");
                return -1;
            }

            var vs = ++p;
            while (true)
            {
                var q = b[p..].IndexOfAny((byte)'"', (byte)'\\', (byte)'\n');
                if (q < 0 || b[p + q] == '\n')
                {
                    Fail(vs - 1, "expected label value (unterminated string)");
                    return -1;
                }

                p += q;
                if (b[p] == '"')
                {
                    break;
                }

                p += 2;
                if (p > b.Length || b[p - 1] == '\n')
                {
                    Fail(vs - 1, "expected label value (bad escape)");
                    return -1;
                }
            }

            if (!Utf8.IsValid(b[vs..p]))
            {
                Fail(vs, $"invalid UTF-8 label value: \"{Printable.Of(b[vs..p])}\"");
                return -1;
            }

            p++;
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
