using System.Globalization;
using Vigil.TestKit.Peers;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// The static pages of the differential test: every tricky corner of the text format and OpenMetrics that a scraper can
/// get wrong. Nothing on them changes between scrapes (except <see cref="Flappy"/>, which the test removes on purpose),
/// so both scrapers must store exactly the same series and values.
/// </summary>
internal static class DifferentialPages
{
    /// <summary>A series on the text page that the test takes away mid-run: both scrapers must mark it stale.</summary>
    public const string Flappy = "flappy_gauge{phase=\"first\"} 3\n";

    /// <summary>
    /// The text-format page: escapes, NaN and infinities, an explicit timestamp, a histogram, a summary, label order and
    /// empty labels that make two lines one series, a <c>job</c>/<c>instance</c> conflict, and series the relabel rules drop
    /// or rewrite.
    /// </summary>
    public static string Text(long timestampMs, bool withFlappy)
    {
        var ts = timestampMs.ToString(CultureInfo.InvariantCulture);
        var page = $$"""
            # HELP escaped_gauge Label values with every escape.
            # TYPE escaped_gauge gauge
            escaped_gauge{path="C:\\dir\\file",quote="say \"hi\"",newline="line1\nline2"} 1
            escaped_gauge{path="plain",quote="",newline="x"} 2
            # TYPE special_gauge gauge
            special_gauge{kind="nan"} NaN
            special_gauge{kind="pinf"} +Inf
            special_gauge{kind="ninf"} -Inf
            special_gauge{kind="negzero"} -0
            special_gauge{kind="exp"} 1.5e-300
            special_gauge{kind="big"} 9007199254740993
            # TYPE stamped_gauge gauge
            stamped_gauge{a="1"} 42 {{ts}}
            stamped_gauge{a="2"} 43
            # HELP latency_seconds A histogram.
            # TYPE latency_seconds histogram
            latency_seconds_bucket{le="0.1"} 1
            latency_seconds_bucket{le="1"} 3
            latency_seconds_bucket{le="+Inf"} 4
            latency_seconds_sum 2.5
            latency_seconds_count 4
            # TYPE rpc_seconds summary
            rpc_seconds{quantile="0.5"} 1.5
            rpc_seconds{quantile="0.99"} NaN
            rpc_seconds_sum 10
            rpc_seconds_count 5
            # TYPE conflict_gauge gauge
            conflict_gauge{job="scraped_job",instance="scraped_instance",foo="bar"} 7
            conflict_gauge{exported_job="already",job="scraped_job2"} 8
            conflict_empty{job="",instance=""} 9
            untyped_metric 11
            dup_gauge{a="1",b="2"} 5
            dup_gauge{b="2",a="1"} 5
            dup_gauge{a="1",b="2",c=""} 5
            drop_me_total 1
            drop_me_too{x="y"} 2
            renamed_source{kind="orig"} 6
            colon:metric:name 12

            """;
        return withFlappy ? page + Flappy : page;
    }

    /// <summary>
    /// The OpenMetrics page: a counter with <c>_created</c>, a histogram with an <c>le="1.0"</c> that 2.42 keeps as written,
    /// an escaped NaN gauge, a timestamp in seconds, an info metric and a series the keep rule drops; ends with <c># EOF</c>.
    /// </summary>
    public static string OpenMetrics(long timestampMs)
    {
        var seconds = (timestampMs / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        return $$"""
            # TYPE om_requests counter
            # HELP om_requests Requests served.
            om_requests_total{code="200"} 17
            om_requests_created{code="200"} 1.6e+09
            # TYPE om_latency histogram
            om_latency_bucket{le="1.0"} 2
            om_latency_bucket{le="+Inf"} 3
            om_latency_count 3
            om_latency_sum 4.5
            om_latency_created 1.6e+09
            # TYPE om_gauge gauge
            om_gauge{q="esc\"aped\\"} NaN
            om_gauge{q="inf"} +Inf
            # TYPE om_stamped gauge
            om_stamped 5 {{seconds}}
            # TYPE om_build info
            om_build_info{version="1.2.3"} 1
            # TYPE other_metric gauge
            other_metric 1
            # EOF

            """;
    }

    /// <summary>A page whose <c>job</c> and <c>instance</c> labels a <c>honor_labels: true</c> job keeps.</summary>
    public const string Honor = """
        honored_gauge{job="from_page",instance="page:1",zone="a"} 1
        honored_gauge{zone="b"} 2
        up_like{job="from_page"} 3
        honored_empty{job="",zone="c"} 4

        """;

    /// <summary>One page for the limit jobs: each limit job trips over exactly one of its lines.</summary>
    public const string Limits = """
        # A comment that makes the page longer than the body_size_limit of its job, whatever else is on it.
        lim_a{label_long_name="x"} 1
        lim_b{l="value_too_long_for_it"} 2
        lim_c{a="1",b="2",c="3"} 3

        """;

    /// <summary>The page of the target that leaves file_sd mid-run.</summary>
    public const string Vanish = """
        # TYPE vanish_gauge gauge
        vanish_gauge{k="v"} 9
        vanish_other 10

        """;

    /// <summary>
    /// Small pages, one target each, on the edges of the formats: some parse and some fail the scrape, and either way
    /// both agents must agree (the same series, the same <c>up</c>).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string ContentType, string Body)> Corners =
        new SortedDictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["empty"] = (TextType, ""),
            ["comment-only"] = (TextType, "# just a comment\n"),
            ["no-final-newline"] = (TextType, "last_line 1"),
            ["no-final-newline-labels"] = (TextType, "nfl{a=\"1\"} 1"),
            ["no-final-newline-timestamp"] = (TextType, "nft 1 1000"),
            ["no-final-newline-blank"] = (TextType, "nfb 1 "),
            ["no-final-newline-help"] = (TextType, "nfh 1\n# HELP nfh some text"),
            ["no-final-newline-type"] = (TextType, "nfy 1\n# TYPE nfy gauge"),
            ["no-final-newline-comment"] = (TextType, "nfc 1\n# a comment"),
            ["no-final-newline-name-only"] = (TextType, "nfn 1\njust_a_name"),
            ["om-no-final-newline"] = (OmType, "om_nf 1\n# EOF"),
            ["trailing-space"] = (TextType, "trail_metric 1 \n"),
            ["spaces-in-labels"] = (TextType, "spaced_metric{ a=\"1\" , b=\"2\" } 1\n"),
            ["tabs"] = (TextType, "tab_metric\t{a=\"1\"}\t1\n"),
            ["trailing-comma"] = (TextType, "comma_metric{a=\"1\",} 1\n"),
            ["help-escapes"] = (TextType, "# HELP esc_help Line with \\\\ and \\n escapes\n# TYPE esc_help counter\nesc_help 1\n"),
            ["float-spellings"] = (TextType, "fs{v=\"a\"} Inf\nfs{v=\"b\"} +inf\nfs{v=\"c\"} nan\nfs{v=\"d\"} 1E+3\nfs{v=\"e\"} .5\nfs{v=\"f\"} 0x1p4\n"),
            ["underscore-number"] = (TextType, "us_metric 1_000\n"),
            ["hex-without-exponent"] = (TextType, "hex_metric 0x10\n"),
            ["utf8-value"] = (TextType, "utf_metric{a=\"\u00e4\u2603\"} 1\n"),
            ["utf8-label-name"] = (TextType, "utf_name{\u00e4=\"1\"} 1\n"),
            ["leading-colon"] = (TextType, ":colon_first 1\n"),
            ["repeated-label"] = (TextType, "rep_metric{a=\"1\",a=\"1\"} 1\n"),
            ["no-metric-name"] = (TextType, "{label=\"value\"} 1\n"),
            ["invalid"] = (TextType, "# this is not valid prometheus\n1234notvali}{ 444\n"),
            ["empty-label-value"] = (TextType, "ev_metric{a=\"\"} 1\n"),
            ["name-label-conflict"] = (TextType, "nl_metric{__name__=\"other\"} 1\n"),
            ["reserved-label"] = (TextType, "rl_metric{__meta_x=\"1\",__tmp=\"2\"} 1\n"),
            ["type-twice"] = (TextType, "# TYPE tt gauge\n# TYPE tt gauge\ntt 1\n"),
            ["type-after-sample"] = (TextType, "ta 1\n# TYPE ta counter\n"),
            ["unknown-type"] = (TextType, "# TYPE ut weird\nut 1\n"),
            ["om-no-eof"] = (OmType, "om_a 1\n"),
            ["om-exemplar"] = (OmType, "# TYPE om_ex counter\nom_ex_total 3 # {trace_id=\"abc\"} 1.0 1600000000.5\n# EOF\n"),
            ["om-unit"] = (OmType, "# TYPE om_u_seconds gauge\n# UNIT om_u_seconds seconds\nom_u_seconds 2\n# EOF\n"),
            ["om-untyped-total"] = (OmType, "om_plain_total 4\n# EOF\n"),
            ["om-after-eof"] = (OmType, "om_b 1\n# EOF\nom_c 2\n"),
            ["om-info-stateset"] = (OmType, "# TYPE om_s stateset\nom_s{om_s=\"a\"} 1\nom_s{om_s=\"b\"} 0\n# EOF\n"),
            ["om-gaugehistogram"] = (OmType, "# TYPE om_gh gaugehistogram\nom_gh_bucket{le=\"+Inf\"} 2\nom_gh_gcount 2\nom_gh_gsum 3\n# EOF\n"),
            ["om-text-body"] = (OmType, "text_only{a=\"1\"} 1\n"),
            ["text-with-eof"] = (TextType, "te 1\n# EOF\n"),
            ["no-content-type"] = ("", "nct_metric 1\n"),
            ["json-content-type"] = ("application/json", "jct_metric 1\n"),
        };

    private const string TextType = ScrapePageServer.TextFormat;
    private const string OmType = ScrapePageServer.OpenMetricsFormat;
}
