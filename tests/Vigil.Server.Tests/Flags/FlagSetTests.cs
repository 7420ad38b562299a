using Vigil.Server.Flags;

namespace Vigil.Server.Tests.Flags;

public sealed class FlagSetTests
{
    [Theory]
    [InlineData("-config.file=a.yaml")]
    [InlineData("--config.file=a.yaml")]
    [InlineData("-config.file", "a.yaml")]
    [InlineData("--config.file", "a.yaml")]
    public void Parse_GoForms_SetValue(params string[] args)
    {
        var flags = AgentFlags.Parse(args);
        Assert.Equal("a.yaml", flags.ConfigFilePath);
        Assert.True(flags.Set.IsSet(AgentFlags.ConfigFile));
    }

    [Fact]
    public void Parse_Defaults_MatchGrafanaAgent()
    {
        var flags = AgentFlags.Parse([]);
        Assert.Equal("127.0.0.1:12345", flags.HttpListenAddress);
        Assert.Equal("127.0.0.1:12346", flags.GrpcListenAddress);
        Assert.Equal(TimeSpan.FromSeconds(30), flags.ShutdownTimeout);
        Assert.False(flags.EnableReadApi);
        Assert.False(flags.ExpandEnv);
        Assert.Equal("data-agent/", flags.Set.GetString(AgentFlags.WalDirectory));
        Assert.False(flags.Set.IsSet(AgentFlags.WalDirectory));
    }

    [Theory]
    [InlineData(new[] { "-config.enable-read-api" }, true)]
    [InlineData(new[] { "-config.enable-read-api=true" }, true)]
    [InlineData(new[] { "-config.enable-read-api=false" }, false)]
    [InlineData(new[] { "--config.enable-read-api=1" }, true)]
    public void Parse_BoolFlag_BareOrValued(string[] args, bool expected) =>
        Assert.Equal(expected, AgentFlags.Parse(args).EnableReadApi);

    [Theory]
    [InlineData(new[] { "-no.such.flag" }, "flag provided but not defined: -no.such.flag")]
    [InlineData(new[] { "-config.file" }, "flag needs an argument: -config.file")]
    [InlineData(new[] { "-server.graceful-shutdown-timeout=soon" }, "invalid value \"soon\" for flag -server.graceful-shutdown-timeout")]
    [InlineData(new[] { "-config.expand-env=maybe" }, "invalid boolean value \"maybe\" for -config.expand-env")]
    [InlineData(new[] { "stray" }, "unexpected argument: stray")]
    [InlineData(new[] { "---x" }, "bad flag syntax: ---x")]
    public void Parse_Bad_ThrowsNamingTheFlag(string[] args, string expected)
    {
        var e = Assert.Throws<FlagParseException>(() => AgentFlags.Parse(args));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Parse_Help_Throws(string arg) => Assert.Throws<HelpRequestedException>(() => AgentFlags.Parse([arg]));

    [Fact]
    public void Parse_CompatibilityFlags_Accepted()
    {
        var flags = AgentFlags.Parse(["-disable-reporting", "-server.http.network=tcp", "-config.file=x"]);
        Assert.Equal("x", flags.ConfigFilePath);
    }

    [Fact]
    public void Usage_ListsEveryEffectiveFlag()
    {
        var usage = AgentFlags.NewFlagSet().Usage();
        foreach (var name in new[] { "config.file", "config.expand-env", "config.enable-read-api", "server.http.address", "server.grpc.address", "server.graceful-shutdown-timeout", "metrics.wal-directory", "enable-features", "version" })
        {
            Assert.Contains("-" + name, usage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Features_AreLowerCasedAndSplit()
    {
        var flags = AgentFlags.Parse(["-enable-features=Extra-Scrape-Metrics, remote-configs"]);
        Assert.Equal(["extra-scrape-metrics", "remote-configs"], flags.Features.Order(StringComparer.Ordinal));
    }
}
