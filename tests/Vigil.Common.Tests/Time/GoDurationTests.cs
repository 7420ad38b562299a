using Vigil.Common.Time;

namespace Vigil.Common.Tests.Time;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("1h", 3600_000)]
    [InlineData("1h30m", 5400_000)]
    [InlineData("1.5s", 1500)]
    [InlineData("500ms", 500)]
    [InlineData("-2m", -120_000)]
    [InlineData("1m30s", 90_000)]
    public void TryParseGo_Valid_ReturnsValue(string text, long expectedMs)
    {
        Assert.True(GoDuration.TryParseGo(text, out var value, out var error), error);
        Assert.Equal(expectedMs, (long)value.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1x")]
    [InlineData("h")]
    [InlineData("1d")]
    public void TryParseGo_Invalid_ReturnsError(string text)
    {
        Assert.False(GoDuration.TryParseGo(text, out _, out var error));
        Assert.StartsWith("time: ", error);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1m", 60_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("1w", 604_800_000)]
    [InlineData("1h30m", 5400_000)]
    [InlineData("500ms", 500)]
    public void TryParseProm_Valid_ReturnsValue(string text, long expectedMs)
    {
        Assert.True(GoDuration.TryParseProm(text, out var value, out var error), error);
        Assert.Equal(expectedMs, (long)value.TotalMilliseconds);
    }

    [Theory]
    [InlineData("1.5s")]
    [InlineData("30m1h")]
    [InlineData("1x")]
    [InlineData("-1m")]
    public void TryParseProm_Invalid_ReturnsError(string text)
    {
        Assert.False(GoDuration.TryParseProm(text, out _, out var error));
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(3600_000, "1h0m0s")]
    [InlineData(300_000, "5m0s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(500, "500ms")]
    [InlineData(1500, "1.5s")]
    [InlineData(14_400_000, "4h0m0s")]
    public void FormatGo_MatchesGo(long ms, string expected) =>
        Assert.Equal(expected, GoDuration.FormatGo(TimeSpan.FromMilliseconds(ms)));

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(60_000, "1m")]
    [InlineData(10_000, "10s")]
    [InlineData(5400_000, "1h30m")]
    [InlineData(86_400_000, "1d")]
    [InlineData(500, "500ms")]
    public void FormatProm_MatchesPrometheus(long ms, string expected) =>
        Assert.Equal(expected, GoDuration.FormatProm(TimeSpan.FromMilliseconds(ms)));
}
