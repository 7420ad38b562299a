using Vigil.Server.Config;

namespace Vigil.Server.Tests.Config;

public sealed class EnvExpanderTests
{
    private static readonly Dictionary<string, string> Env = new()
    {
        ["HOST"] = "example.com",
        ["PORT"] = "9090",
        ["EMPTY"] = "",
    };

    [Theory]
    [InlineData("url: ${HOST}:${PORT}", "url: example.com:9090")]
    [InlineData("url: $HOST:$PORT", "url: example.com:9090")]
    [InlineData("x: ${MISSING}", "x: ")]
    [InlineData("x: ${MISSING:-fallback}", "x: fallback")]
    [InlineData("x: ${EMPTY:-fallback}", "x: fallback")]
    [InlineData("x: ${EMPTY-fallback}", "x: ")]
    [InlineData("x: ${MISSING-fallback}", "x: fallback")]
    [InlineData("x: ${HOST:-fallback}", "x: example.com")]
    [InlineData("replacement: ${1}", "replacement: ${1}")]
    [InlineData("replacement: ${1:-x}", "replacement: ${1}")]
    [InlineData("replacement: $1", "replacement: ${1}")]
    [InlineData("regex: (.*)$", "regex: (.*)$")]
    [InlineData("cost: $$5", "cost: $5")]
    [InlineData("x: ${HOST}${PORT}", "x: example.com9090")]
    public void Expand_Cases(string input, string expected) =>
        Assert.Equal(expected, EnvExpander.Expand(input, name => Env.GetValueOrDefault(name)));

    [Theory]
    [InlineData("x: ${HOST")]
    [InlineData("x: ${}")]
    [InlineData("x: ${HOST^^}")]
    public void Expand_BadSubstitution_Throws(string input) =>
        Assert.Throws<FormatException>(() => EnvExpander.Expand(input, name => Env.GetValueOrDefault(name)));
}
