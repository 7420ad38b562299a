using Vigil.TestKit;

namespace Vigil.Ctl.Tests;

public sealed class ConfigCheckTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Valid_PrintsConfigValid()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, Cli.Run(["config-check", Write("server:\n  log_level: info\nmetrics:\n  wal_directory: /tmp/w\n")], stdout, new StringWriter()));
        Assert.Equal("config valid", stdout.ToString().Trim());
    }

    [Theory]
    [InlineData("server:\n  log_lvl: info\n", "failed to load config: ", "line 2: field log_lvl not found in type ServerConfig")]
    [InlineData("server:\n  log_level: loud\n", "failed to validate config: ", "unrecognized log level \"loud\"")]
    public void Invalid_Exits1WithReason(string yaml, string stage, string reason)
    {
        var stderr = new StringWriter();
        Assert.Equal(1, Cli.Run(["config-check", Write(yaml)], new StringWriter(), stderr));
        Assert.StartsWith(stage, stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains(reason, stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ExpandEnv_OnlyWithFlag()
    {
        var path = Write("server:\n  log_level: ${VIGIL_CHECK_LEVEL_UNSET:-debug}\n");
        Assert.Equal(0, Cli.Run(["config-check", path, "-e"], new StringWriter(), new StringWriter()));
        Assert.Equal(1, Cli.Run(["config-check", path], new StringWriter(), new StringWriter()));
    }

    [Fact]
    public void MissingFile_Exits1()
    {
        var stderr = new StringWriter();
        Assert.Equal(1, Cli.Run(["config-check", "/nonexistent/agent.yaml"], new StringWriter(), stderr));
        Assert.Contains("no such file or directory", stderr.ToString(), StringComparison.Ordinal);
    }

    private string Write(string yaml)
    {
        var path = _dir.Combine($"agent-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
