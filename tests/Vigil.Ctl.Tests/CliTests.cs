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

    [Fact]
    public async Task Main_BuiltExecutable_UsageOnStderrAndExitCodeOne()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "vigilctl.dll");
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("wal-stats");
        using var process = System.Diagnostics.Process.Start(psi)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("Error: accepts 1 arg(s), received 0", stderr, StringComparison.Ordinal);
        Assert.Contains("usage: vigilctl <command>", stderr, StringComparison.Ordinal);
    }
}
