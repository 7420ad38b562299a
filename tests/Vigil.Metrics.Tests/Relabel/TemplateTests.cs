using Vigil.Metrics.Relabel;

namespace Vigil.Metrics.Tests.Relabel;

public sealed class TemplateTests
{
    [Theory]
    [InlineData("(a)(b)", "ab", "$1-$2", "a-b")]
    [InlineData("(a)(b)", "ab", "${1}x${2}", "axb")]
    [InlineData("(a)(b)", "ab", "$1x", "")]
    [InlineData("(a)(b)", "ab", "$3", "")]
    [InlineData("(a)(b)", "ab", "$01", "")]
    [InlineData("(a)(b)", "ab", "$0", "ab")]
    [InlineData("(a)(b)", "ab", "$$1", "$1")]
    [InlineData("(a)(b)", "ab", "cost $", "cost $")]
    [InlineData("(a)(b)", "ab", "${1", "${1")]
    [InlineData("(a)(b)", "ab", "$-", "$-")]
    [InlineData("(?P<first>a)(?P<second>b)", "ab", "$second$first", "ba")]
    [InlineData("(?P<first>a)(?P<second>b)", "ab", "${first}_$2", "a_b")]
    [InlineData("(?P<first>a)(?P<second>b)", "ab", "$nope", "")]
    [InlineData("(a)|(b)", "b", "[$1][$2]", "[][b]")]
    [InlineData("a|b", "a", "x$0", "xa")]
    [InlineData("node_(.*)", "node_cpu", "host_$1", "host_cpu")]
    [InlineData("node_(.+)_total", "node_cpu_total", "$1", "cpu")]
    [InlineData("(.*)", "whole", "$1", "whole")]
    public void Expand_GoSemantics(string pattern, string input, string template, string expected)
    {
        var regex = RelabelRegex.TryCreate(pattern, out var error)!;
        Assert.Null(error);
        var match = regex.Match(input)!.Value;
        Assert.Equal(expected, match.Expand(regex.CompileTemplate(template)));
    }

    [Theory]
    [InlineData("foo", "foo", true)]
    [InlineData("foo", "xfoo", false)]
    [InlineData("", "", true)]
    [InlineData("", "x", false)]
    [InlineData("a|b|", "", true)]
    [InlineData("a$", "a\n", false)]
    [InlineData("(?m)a$", "a", true)]
    [InlineData("\\d+", "١٢", false)]
    [InlineData("\\d+", "12", true)]
    [InlineData("[\\d.]+", "1.2", true)]
    [InlineData("[[:upper:]]+", "AB", true)]
    [InlineData("[[:upper:]]+", "Ab", false)]
    [InlineData("\\Qa.b\\E", "a.b", true)]
    [InlineData("\\Qa.b\\E", "axb", false)]
    [InlineData("[]a]+", "]a", true)]
    [InlineData("(?i)foo", "FOO", true)]
    [InlineData(".*", "a\nb", false)]
    [InlineData("(?s).*", "a\nb", true)]
    [InlineData("__meta_(.+)", "__meta_", false)]
    [InlineData("__meta_(.+)", "__meta_x", true)]
    [InlineData("__meta_(.*)", "__meta_", true)]
    [InlineData("a(.*)z", "a\nz", false)]
    [InlineData("a(.*)z", "az", true)]
    [InlineData("a(.*)z", "z", false)]
    public void IsMatch_AnchoredGoSemantics(string pattern, string input, bool expected)
    {
        var regex = RelabelRegex.TryCreate(pattern, out var error)!;
        Assert.Null(error);
        Assert.Equal(expected, regex.IsMatch(input));
        Assert.Equal(expected, regex.IsMatch(input.AsSpan()));
        Assert.Equal(expected, regex.Match(input) is not null);
    }
}
