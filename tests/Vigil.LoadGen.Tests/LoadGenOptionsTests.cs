namespace Vigil.LoadGen.Tests;

public sealed class LoadGenOptionsTests
{
    [Fact]
    public void TryParse_OnlyUrl_TakesTheDefaults()
    {
        Assert.True(LoadGenOptions.TryParse(["--url", "http://127.0.0.1:9090/api/v1/write"], out var options, out var error), error);
        Assert.Equal(new Uri("http://127.0.0.1:9090/api/v1/write"), options!.Url);
        Assert.Equal(100_000, options.Series);
        Assert.Equal(2000, options.SamplesPerRequest);
        Assert.Equal(4, options.Connections);
        Assert.Equal(0, options.Rate);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Duration);
        Assert.Equal("loadgen", options.MetricPrefix);
        Assert.Equal(0, options.ReceiverPid);
    }

    [Fact]
    public void TryParse_EveryFlagBothSpellings_ParsesThem()
    {
        string[] args =
        [
            "--url=http://127.0.0.1:1/w", "--series", "1000", "--samples-per-request=500", "--connections", "8",
            "--rate", "2.5e5", "--duration=1m30s", "--timeout", "5s", "--metric-prefix=bench_rw",
            "--receiver-pid", "4242",
        ];
        Assert.True(LoadGenOptions.TryParse(args, out var options, out var error), error);
        Assert.Equal(1000, options!.Series);
        Assert.Equal(500, options.SamplesPerRequest);
        Assert.Equal(8, options.Connections);
        Assert.Equal(250_000, options.Rate);
        Assert.Equal(TimeSpan.FromSeconds(90), options.Duration);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Timeout);
        Assert.Equal("bench_rw", options.MetricPrefix);
        Assert.Equal(4242, options.ReceiverPid);
    }

    [Theory]
    [InlineData("--series 10", "--url is required")]
    [InlineData("--url ftp://x/", "--url: invalid value \"ftp://x/\"")]
    [InlineData("--url http://x/ --series 0", "--series: invalid value \"0\"")]
    [InlineData("--url http://x/ --connections -1", "--connections: invalid value \"-1\"")]
    [InlineData("--url http://x/ --rate -5", "--rate: invalid value \"-5\"")]
    [InlineData("--url http://x/ --duration 5", "--duration: invalid value \"5\"")]
    [InlineData("--url http://x/ --metric-prefix 9x", "--metric-prefix: invalid value \"9x\"")]
    [InlineData("--url http://x/ --receiver-pid x", "--receiver-pid: invalid value \"x\"")]
    [InlineData("--url http://x/ --bogus 1", "unknown flag --bogus")]
    [InlineData("--url", "--url: missing value")]
    public void TryParse_BadCommandLine_SaysWhy(string commandLine, string expected)
    {
        Assert.False(LoadGenOptions.TryParse(commandLine.Split(' '), out var options, out var error));
        Assert.Null(options);
        Assert.Equal(expected, error);
    }
}
