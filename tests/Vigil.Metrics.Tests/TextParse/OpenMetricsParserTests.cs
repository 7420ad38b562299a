using Vigil.Metrics.TextParse;

namespace Vigil.Metrics.Tests.TextParse;

public sealed class OpenMetricsParserTests
{
    public static TheoryData<string, string[]> ValidPages => new()
    {
        { "# EOF\n", [] },
        { "# EOF", [] },
        { "# HELP c A counter \\\" \\\\ \\n.\n# TYPE c counter\n# UNIT c_seconds seconds\nc_total 1\n# EOF\n", ["HELP c A counter \" \\ \n.", "TYPE c Counter", "UNIT c_seconds seconds", "{__name__=\"c_total\"} 1"] },
        { "# HELP m \n# EOF\n", ["HELP m "] },
        { "a{b=\"c\",d=\"e\"} 1 1.5\n# EOF\n", ["{__name__=\"a\", b=\"c\", d=\"e\"} 1 @1500"] },
        { "a 1 -1.25\n# EOF\n", ["{__name__=\"a\"} 1 @-1250"] },
        { "a 1 1520879607.789\n# EOF\n", ["{__name__=\"a\"} 1 @1520879607789"] },
        { "a NaN\nb +Inf\nc -Inf\n# EOF\n", ["{__name__=\"a\"} NaN", "{__name__=\"b\"} ∞", "{__name__=\"c\"} -∞"] },
        { "a{} 1\n# EOF\n", ["{__name__=\"a\"} 1"] },
        { "a{b=\"\\t\\\"\"} 1\n# EOF\n", ["{__name__=\"a\", b=\"\\\\t\\\"\"} 1"] },
        { "# TYPE g gauge\n# TYPE h histogram\n# TYPE gh gaugehistogram\n# TYPE s summary\n# TYPE i info\n# TYPE ss stateset\n# TYPE u unknown\n# EOF\n", ["TYPE g Gauge", "TYPE h Histogram", "TYPE gh GaugeHistogram", "TYPE s Summary", "TYPE i Info", "TYPE ss Stateset", "TYPE u Unknown"] },
        { "c_total 1 # {id=\"x\"} 2\n# EOF\n", ["{__name__=\"c_total\"} 1 # {id=\"x\"} 2"] },
        { "c_total 1 2 # {id=\"x\",b=\"y\"} 3 4.5\n# EOF\n", ["{__name__=\"c_total\"} 1 @2000 # {b=\"y\", id=\"x\"} 3 @4500"] },
        { "h_bucket{le=\"1\"} 2 # {} 0.5\n# EOF\n", ["{__name__=\"h_bucket\", le=\"1\"} 2 # {} 0.5"] },
        { "h_count 2 # {t=\"1\"} 0.5\nh_sum 1 # {t=\"1\"} 0.5\n# EOF\n", ["{__name__=\"h_count\"} 2 # {t=\"1\"} 0.5", "{__name__=\"h_sum\"} 1 # {t=\"1\"} 0.5"] },
        { "# TYPE c counter\nc_total 1\nc_created 1520430000.123\n# EOF\n", ["TYPE c Counter", "{__name__=\"c_total\"} 1", "{__name__=\"c_created\"} 1520430000.123"] },
        { "# TYPE ss stateset\nss{ss=\"a\"} 1\nss{ss=\"b\"} 0\n# EOF\n", ["TYPE ss Stateset", "{__name__=\"ss\", ss=\"a\"} 1", "{__name__=\"ss\", ss=\"b\"} 0"] },
        { "# TYPE i info\ni_info{v=\"1.0\"} 1\n# EOF\n", ["TYPE i Info", "{__name__=\"i_info\", v=\"1.0\"} 1"] },
        { "a{x=\"1\",x=\"2\"} 1\n# EOF\n", ["{__name__=\"a\", x=\"1\", x=\"2\"} 1 DUP"] },
    };

    public static TheoryData<string, string> InvalidPages => new()
    {
        { "", "line 1: data does not end with # EOF" },
        { "a 1\n", "line 2: data does not end with # EOF" },
        { "a 1", "line 1: data does not end with # EOF" },
        { "# EOF\na 1\n", "line 2: unexpected data after # EOF" },
        { "# EOF\n\n", "line 2: unexpected data after # EOF" },
        { "\n# EOF\n", "line 1: expected a valid start token, got \"\\n\"" },
        { " a 1\n# EOF\n", "line 1: expected a valid start token, got \" \"" },
        { "9\n# EOF\n", "line 1: expected a valid start token, got \"9\"" },
        { "#  TYPE a counter\n# EOF\n", "line 1: expected HELP, TYPE, UNIT or EOF after \"# \"" },
        { "#\tTYPE a counter\n# EOF\n", "line 1: expected a valid start token, got \"#\" without a following space" },
        { "# comment\n# EOF\n", "line 1: expected HELP, TYPE, UNIT or EOF after \"# \"" },
        { "# TYPE u untyped\n# EOF\n", "line 1: invalid metric type \"untyped\"" },
        { "# TYPE c counter \n# EOF\n", "line 1: invalid metric type \"counter \"" },
        { "# TYPE c  counter\n# EOF\n", "line 1: invalid metric type \" counter\"" },
        { "# UNIT metric suffix\n# EOF\n", "line 1: unit \"suffix\" not a suffix of metric \"metric\"" },
        { "# UNIT m_xsuffix suffix\n# EOF\n", "line 1: unit \"suffix\" not a suffix of metric \"m_xsuffix\"" },
        { "# HELP m\n# EOF\n", "line 1: expected text in HELP" },
        { "# TYPE #\n# EOF\n", "line 1: expected metric name after TYPE" },
        { "a\t1\n# EOF\n", "line 1: expected value after metric" },
        { "a  1\n# EOF\n", "line 1: expected value after metric" },
        { "a 1 2 \n# EOF\n", "line 1: expected next entry after timestamp" },
        { "a 1 1z\n# EOF\n", "line 1: invalid syntax in float \"1z\"" },
        { "a 1 1 1\n# EOF\n", "line 1: expected next entry after timestamp" },
        { "a 1 NaN\n# EOF\n", "line 1: invalid timestamp NaN" },
        { "a 1 Inf\n# EOF\n", "line 1: invalid timestamp Inf" },
        { "a 1 -Inf\n# EOF\n", "line 1: invalid timestamp -Inf" },
        { "a true\n# EOF\n", "line 1: invalid syntax in float \"true\"" },
        { "a 1_2\n# EOF\n", "line 1: unsupported character in float" },
        { "a 0x1p-3\n# EOF\n", "line 1: unsupported character in float" },
        { "a{,b=\"c\"} 1\n# EOF\n", "line 1: expected label name or right brace" },
        { "a{b=\"c\"d=\"e\"} 1\n# EOF\n", "line 1: expected comma or right brace" },
        { "a{b=\"c\",,d=\"e\"} 1\n# EOF\n", "line 1: expected label name after comma" },
        { "a{b=\"c\",} 1\n# EOF\n", "line 1: expected label name after comma" },
        { "a{b = \"c\"} 1\n# EOF\n", "line 1: expected equal" },
        { "a{b=\"c\n\"} 1\n# EOF\n", "line 1: expected label value (unterminated string)" },
        { "a{b=c} 1\n# EOF\n", "line 1: expected label value" },
        { "c_total 1 # {id=\"x\"}\n# EOF\n", "line 1: expected value after exemplar labels" },
        { "c_total 1 # {aa=bb} 1\n# EOF\n", "line 1: expected label value" },
        { "c_total 1 # {bb} 1\n# EOF\n", "line 1: expected equal" },
        { "c_total 1 # {a=\"b\"} 1_2\n# EOF\n", "line 1: unsupported character in float" },
        { "c_total 1 # {a=\"b\"} true\n# EOF\n", "line 1: invalid syntax in float \"true\"" },
        { "c_total 1 # {a=\"b\"} 1 NaN\n# EOF\n", "line 1: invalid exemplar invalid timestamp NaN" },
        { "c_total 1 # {a=\"b\"} 1 -Inf\n# EOF\n", "line 1: invalid exemplar invalid timestamp -Inf" },
        { "c_total 1 # {a=\"b\"} 1 2 3\n# EOF\n", "line 1: expected next entry after exemplar timestamp" },
        { "ok 1\n@bad 1\n# EOF\n", "line 2: expected a valid start token, got \"@\"" },
    };

    [Theory]
    [MemberData(nameof(ValidPages))]
    public void Next_ValidPage_YieldsEntries(string page, string[] expected) =>
        Assert.Equal(expected, ParseDump.OpenMetrics(page).Select(s => s.Replace("Infinity", "∞", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(InvalidPages))]
    public void Next_InvalidPage_FailsWithLineAndReason(string page, string expected) =>
        Assert.Equal("ERROR " + expected, ParseDump.OpenMetrics(page)[^1]);

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("text/plain; version=0.0.4; charset=utf-8", false)]
    [InlineData("application/openmetrics-text; version=1.0.0; charset=utf-8", true)]
    [InlineData("application/openmetrics-text;version=0.0.1", true)]
    [InlineData("Application/OpenMetrics-Text", true)]
    [InlineData("garbage", false)]
    public void IsOpenMetrics_ContentType_ChoosesParser(string? contentType, bool openMetrics)
    {
        Assert.Equal(openMetrics, ContentNegotiation.IsOpenMetrics(contentType));
        var parser = ContentNegotiation.CreateParser(contentType, "a 1\n"u8.ToArray());
        Assert.Equal(openMetrics, parser is OpenMetricsParser);
    }

    [Fact]
    public void AcceptHeader_PrefersOpenMetricsThenText() =>
        Assert.Equal(
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
            ContentNegotiation.AcceptHeader);

    [Theory]
    [InlineData("# TYPE c counter\nc_total{a=\"1\"} 5\nc_created{a=\"2\"} 10\nc_created{a=\"1\"} 1520430000.123\n# EOF\n", true, 1520430000123L)]
    [InlineData("# TYPE c counter\nc_total 5\nc_created 7\n# EOF\n", true, 7000L)]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_count 2\nh_sum 1\nh_created 3.5\n# EOF\n", true, 3500L)]
    [InlineData("# TYPE s summary\ns{quantile=\"0.5\"} 1\ns_count 2\ns_created 4\n# EOF\n", true, 4000L)]
    [InlineData("# TYPE g gauge\ng 1\ng_created 4\n# EOF\n", false, 0L)]
    [InlineData("# TYPE c counter\nc_total 5\n# TYPE d counter\nc_created 7\n# EOF\n", false, 0L)]
    public void TryGetCreatedTimestamp_FirstSample_LooksAheadInFamily(string page, bool found, long expectedMs)
    {
        var p = new OpenMetricsParser(System.Text.Encoding.UTF8.GetBytes(page));
        Entry e;
        while ((e = p.Next()) != Entry.Series)
        {
            Assert.NotEqual(Entry.Invalid, e);
        }

        Assert.Equal(found, p.TryGetCreatedTimestamp(out var ms));
        Assert.Equal(expectedMs, ms);
    }
}
