namespace Vigil.Ctl.Tests;

public class CliTests
{
    [Theory]
    [InlineData(new string[0], 1)]
    [InlineData(new[] { "nope" }, 1)]
    [InlineData(new[] { "wal-stats" }, 1)]
    [InlineData(new[] { "wal-stats", "a", "b" }, 1)]
    [InlineData(new[] { "--help" }, 0)]
    public void Run_Arguments_UsageAndExitCode(string[] args, int exitCode)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(exitCode, Cli.Run(args, stdout, stderr));
        Assert.Contains("usage: vigilctl <command>", stdout.ToString() + stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WalStatsMissingDirectory_NamesPathAndFails()
    {
        var stdout = new StringWriter();
        Assert.Equal(1, Cli.Run(["wal-stats", "/nonexistent/vigil-wal"], stdout, new StringWriter()));
        Assert.Equal("/nonexistent/vigil-wal does not exist\n", stdout.ToString().ReplaceLineEndings("\n"));
    }
}
