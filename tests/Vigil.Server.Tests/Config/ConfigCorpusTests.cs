using Vigil.Server.Config;
using Vigil.Server.Flags;

namespace Vigil.Server.Tests.Config;

/// <summary>The config corpus in testdata/config: every *.good.yml loads; every *.bad.yml fails with the listed message parts.</summary>
public sealed class ConfigCorpusTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "testdata", "config");

    /// <summary>Expected error substrings per bad file; every part must appear in the message.</summary>
    public static TheoryData<string, string[]> BadFiles => new()
    {
        { "unknown-root-key.bad.yml", ["line 3", "field foo not found in type AgentConfig"] },
        { "unknown-server-key.bad.yml", ["line 2", "field log_lvl not found in type ServerConfig"] },
        { "duplicate-key.bad.yml", ["line 3", "log_level", "already set"] },
        { "empty-server.bad.yml", ["line 1", "an empty server config is invalid"] },
        { "prometheus-and-metrics.bad.yml", ["at most one of prometheus and metrics should be specified"] },
        { "loki-and-logs.bad.yml", ["at most one of loki and logs should be specified"] },
        { "tempo-and-traces.bad.yml", ["at most one of tempo and traces should be specified"] },
        { "logs-configs.bad.yml", ["line 3", "the logs subsystem is not supported yet"] },
        { "traces-configs.bad.yml", ["line 2", "the traces subsystem is not supported yet"] },
        { "integration-enabled.bad.yml", ["line 2", "integration \"node_exporter\" is not supported yet"] },
        { "agent-management.bad.yml", ["agent_management is not supported"] },
        { "bad-log-level-and-format.bad.yml", ["unrecognized log level \"verbose\"", "unrecognized log format \"xml\""] },
        { "yaml-syntax.bad.yml", ["error loading config file", "line 3", "did not find expected"] },
        { "not-a-map.bad.yml", ["error loading config file", "line 1"] },
        { "bad-duration.bad.yml", ["line 4", "soon"] },
        {
            "errors-everywhere.bad.yml",
            [
                "unrecognized log level \"loud\"",
                "unsupported instance_mode 'grouped'. supported values 'shared', 'distinct'",
                "error validating instance at index 0: missing instance name",
                "prometheus instance names must be unique. found multiple instances with name a",
            ]
        },
        { "no-wal-directory.bad.yml", ["no wal_directory configured"] },
    };

    public static TheoryData<string> GoodFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Dir, "*.good.yml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GoodFiles))]
    public void Load_GoodFile_Succeeds(string file)
    {
        var loaded = Load(file);
        Assert.NotNull(loaded.Config.Server);
        Assert.NotNull(loaded.Config.Metrics);
        Assert.Null(loaded.Config.Prometheus);
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Load_BadFile_FailsWithMessage(string file, string[] parts)
    {
        var e = Assert.Throws<ConfigException>(() => Load(file));
        foreach (var part in parts)
        {
            Assert.Contains(part, e.Message, StringComparison.Ordinal);
        }

        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corpus_EveryBadFileHasExpectations()
    {
        var listed = BadFiles.Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var f in Directory.GetFiles(Dir, "*.bad.yml"))
        {
            Assert.Contains(Path.GetFileName(f), listed);
        }
    }

    [Fact]
    public void Load_PrometheusAlias_WarnsAndMoves()
    {
        var loaded = Load("prometheus-alias.good.yml");
        Assert.Equal("/tmp/vigil-wal", loaded.Config.Metrics!.WalDirectory);
        Assert.Contains(loaded.Warnings, w => w.Contains("prometheus block is deprecated", StringComparison.Ordinal));
    }

    private static LoadedConfig Load(string file) =>
        ConfigLoader.Load(AgentFlags.Parse(["-config.file=" + Path.Combine(Dir, file)]), _ => null);
}
