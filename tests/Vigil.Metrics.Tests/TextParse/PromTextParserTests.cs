using System.Text;
using Vigil.Common.Model;
using Vigil.Metrics.TextParse;

namespace Vigil.Metrics.Tests.TextParse;

public sealed class PromTextParserTests
{
    public static TheoryData<string, string[]> ValidPages => new()
    {
        { "", [] },
        { "\n\n  \n", [] },
        { "no_labels 1\n", ["{__name__=\"no_labels\"} 1"] },
        { "no_labels{} 3\n", ["{__name__=\"no_labels\"} 3"] },
        { "a{b=\"c\"} 1 1234\n", ["{__name__=\"a\", b=\"c\"} 1 @1234"] },
        { "a \t 1 \t 5 \t\n  # indented comment\n", ["{__name__=\"a\"} 1 @5", "COMMENT # indented comment"] },
        { "a{ b = \"c\" , d=\"e\" , } 2\n", ["{__name__=\"a\", b=\"c\", d=\"e\"} 2"] },
        { "a{ q = \"2.0\" x = \"b\" } 2\n", ["{__name__=\"a\", q=\"2.0\", x=\"b\"} 2"] },
        { "a {b=\"c\"} 1\n", ["{__name__=\"a\", b=\"c\"} 1"] },
        { "a{b=\"x\\\\y\\\"z\\nw\"} 1\n", ["{__name__=\"a\", b=\"x\\\\y\\\"z\\nw\"} 1"] },
        { "a{b=\"\\t\"} 1\n", ["{__name__=\"a\", b=\"\\\\t\"} 1"] },
        { "a{b=\"\"} 1\n", ["{__name__=\"a\", b=\"\"} 1"] },
        { "a{b=\"ünï ✓\"} 1\n", ["{__name__=\"a\", b=\"ünï ✓\"} 1"] },
        { ":colon:_x 1\n_lead 2\n", ["{__name__=\":colon:_x\"} 1", "{__name__=\"_lead\"} 2"] },
        { "a NaN\nb +Inf\nc -Inf\nd nan\ne inf\nf -infinity\n", ["{__name__=\"a\"} NaN", "{__name__=\"b\"} ∞", "{__name__=\"c\"} -∞", "{__name__=\"d\"} NaN", "{__name__=\"e\"} ∞", "{__name__=\"f\"} -∞"] },
        { "a 1.5e3\nb -0.25\nc .5\nd 5.\ne 1E-2\nf +7\ng 123456789012345678\n", ["{__name__=\"a\"} 1500", "{__name__=\"b\"} -0.25", "{__name__=\"c\"} 0.5", "{__name__=\"d\"} 5", "{__name__=\"e\"} 0.01", "{__name__=\"f\"} 7", "{__name__=\"g\"} 1.2345678901234568E+17"] },
        { "# HELP a The help\n# TYPE a counter\na 1\n", ["HELP a The help", "TYPE a Counter", "{__name__=\"a\"} 1"] },
        { "# HELP a  two spaces \\\\ and \\n and \\t\n", ["HELP a  two spaces \\ and \n and \\t"] },
        { "# HELP nohelp1\n", ["HELP nohelp1 "] },
        { "#\tHELP\ta\tx\n", ["HELP a x"] },
        { "# TYPE g gauge\n# TYPE h histogram\n# TYPE s summary\n# TYPE u untyped\n", ["TYPE g Gauge", "TYPE h Histogram", "TYPE s Summary", "TYPE u Unknown"] },
        { "# just a comment\n#HELP not help\n# HELP\n", ["COMMENT # just a comment", "COMMENT #HELP not help", "COMMENT # HELP"] },
        { "a 1\n# trailing comment without newline", ["{__name__=\"a\"} 1"] },
        { "a 1\n\0garbage after NUL", ["{__name__=\"a\"} 1"] },
        { "a 1", ["{__name__=\"a\"} 1"] },
        { "a{b=\"c\"} 1 \t", ["{__name__=\"a\", b=\"c\"} 1"] },
        { "a 1 2", ["{__name__=\"a\"} 1 @2"] },
        { "a 1\n# TYPE a counter", ["{__name__=\"a\"} 1", "TYPE a Counter"] },
        { "# HELP a some text", ["HELP a some text"] },
        { "h_bucket{le=\"0.1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n", ["{__name__=\"h_bucket\", le=\"0.1\"} 1", "{__name__=\"h_bucket\", le=\"+Inf\"} 2", "{__name__=\"h_sum\"} 3", "{__name__=\"h_count\"} 2"] },
        { "s{quantile=\"-1\"} 1\ns{quantile=\"0.5\"} 2\n", ["{__name__=\"s\", quantile=\"-1\"} 1", "{__name__=\"s\", quantile=\"0.5\"} 2"] },
        { "a{__name__=\"b\"} 1\n", ["{__name__=\"a\", __name__=\"b\"} 1 DUP"] },
        { "a{x=\"1\",x=\"2\"} 1\n", ["{__name__=\"a\", x=\"1\", x=\"2\"} 1 DUP"] },
    };

    public static TheoryData<string, string> InvalidPages => new()
    {
        { "a", "line 1: expected value after metric, got end of input" },
        { "a{b='c'} 1\n", "line 1: expected label value (a quoted string)" },
        { "a{b=\n", "line 1: expected label value (a quoted string)" },
        { "a true\n", "line 1: invalid syntax in float \"true\"" },
        { "something_weird{problem=\"", "line 1: unterminated label value" },
        { "empty_label_name{=\"\"} 0\n", "line 1: expected label name, got \"=\"" },
        { "{A}0\n", "line 1: expected a valid start token, got \"{\"" },
        { "{a=\"ok\"} 1\n", "line 1: expected a valid start token, got \"{\"" },
        { "foo 1_2\n", "line 1: unsupported character in float" },
        { "foo 0x1p-3\n", "line 1: unsupported character in float" },
        { "foo 0x1P-3\n", "line 1: unsupported character in float" },
        { "foo 0 1_2\n", "line 1: expected next entry after timestamp, got \"_\"" },
        { "foo 0x1\n", "line 1: invalid syntax in float \"0x1\"" },
        { "foo 0b1\n", "line 1: invalid syntax in float \"0b1\"" },
        { "foo 0o1\n", "line 1: invalid syntax in float \"0o1\"" },
        { "foo 1e400\n", "line 1: value out of range in float \"1e400\"" },
        { "foo +nan\n", "line 1: invalid syntax in float \"+nan\"" },
        { "foo 1 2.72\n", "line 1: expected next entry after timestamp, got \".\"" },
        { "foo 3.14 2 3\n", "line 1: expected next entry after timestamp, got \"3\"" },
        { "foo 1 -5\n", "line 1: expected timestamp or new record, got \"-\"" },
        { "foo 1 99999999999999999999\n", "line 1: timestamp \"99999999999999999999\" out of range" },
        { "# TYPE #\n", "line 1: expected metric name after TYPE" },
        { "# HELP #\n", "line 1: expected metric name after HELP" },
        { "# TYPE a bla\n", "line 1: invalid metric type \"bla\"" },
        { "# TYPE a counter \n", "line 1: invalid metric type \"counter \"" },
        { "ok 1\n@invalidmetric 1\n", "line 2: expected a valid start token, got \"@\"" },
        { "a{@=\"bla\"} 1\n", "line 1: expected label name, got \"@\"" },
        { "a{b+=\"x\"} 1\n", "line 1: expected equal after label name" },
        { "a{b=bla} 1\n", "line 1: expected label value (a quoted string)" },
        { "a{b=\"x\"}{c=\"d\"} 1\n", "line 1: expected value after metric, got \"{\"" },
        { "a{,b=\"c\"} 1\n", "line 1: expected label name, got \",\"" },
        { "a{b=\"c\",,} 1\n", "line 1: expected label name, got \",\"" },
        { "a 1\nb\n", "line 2: expected value after metric, got \"\\n\"" },
        { "a 1\n\tb 1\n", "line 2: invalid metric name \"\\tb 1\\n\": leading whitespace" },
    };

    [Theory]
    [MemberData(nameof(ValidPages))]
    public void Next_ValidPage_YieldsEntries(string page, string[] expected) =>
        Assert.Equal(expected, ParseDump.Prom(page).Select(s => s.Replace("Infinity", "∞", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(InvalidPages))]
    public void Next_InvalidPage_FailsWithLineAndReason(string page, string expected)
    {
        var lines = ParseDump.Prom(page);
        Assert.Equal("ERROR " + expected, lines[^1]);
    }

    [Fact]
    public void Next_InvalidUtf8LabelValue_Fails()
    {
        var page = "a{b=\"\xbd\"} 1\n"u8.ToArray();
        page[5] = 0xbd;
        var lines = ParseDump.Dump(new PromTextParser(page));
        Assert.StartsWith("ERROR line 1: invalid UTF-8 label value", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Next_InvalidUtf8Help_Fails()
    {
        byte[] page = [.. "# HELP a x"u8, 0xff, (byte)'\n'];
        Assert.Equal("ERROR line 1: help text \"x\\xff\" is not a valid utf8 string", ParseDump.Dump(new PromTextParser(page))[^1]);
    }

    [Fact]
    public void Next_NaN_IsCanonical()
    {
        var p = new PromTextParser("a NaN\n"u8.ToArray());
        Assert.Equal(Entry.Series, p.Next());
        Assert.Equal(0x7ff8000000000001UL, BitConverter.DoubleToUInt64Bits(p.Value));
    }

    [Fact]
    public void Series_IsRawPageBytes()
    {
        var p = new PromTextParser("x{a=\"1\", b=\"\\\"\"} 2 3\n"u8.ToArray());
        Assert.Equal(Entry.Series, p.Next());
        Assert.Equal("x{a=\"1\", b=\"\\\"\"}", Encoding.UTF8.GetString(p.Series));
        Assert.Equal(2, p.LabelCount);
    }

    [Fact]
    public void BuildLabels_Interner_SharesStrings()
    {
        var interner = new StringInterner();
        var p = new PromTextParser("a{job=\"node\"} 1\nb{job=\"node\"} 2\n"u8.ToArray());
        var b1 = new LabelsBuilder();
        var b2 = new LabelsBuilder();
        Assert.Equal(Entry.Series, p.Next());
        p.BuildLabels(b1, interner);
        Assert.Equal(Entry.Series, p.Next());
        p.BuildLabels(b2, interner);
        Assert.Same(b1.Get("job"), b2.Get("job"));
    }

    [Fact]
    public void Next_NodeExporterPage_ParsesEverySample()
    {
        var page = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "testdata", "textparse", "node_exporter.prom"));
        var lines = ParseDump.Dump(new PromTextParser(page));
        Assert.DoesNotContain(lines, l => l.StartsWith("ERROR", StringComparison.Ordinal));
        var samples = Encoding.UTF8.GetString(page).Split('\n').Count(l => l.Length > 0 && l[0] != '#');
        Assert.Equal(samples, lines.Count(l => l.StartsWith('{')));
    }
}
