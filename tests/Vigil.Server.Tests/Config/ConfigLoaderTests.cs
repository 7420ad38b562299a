using System.Text;
using Vigil.Server.Config;
using Vigil.Server.Flags;
using Vigil.TestKit;

namespace Vigil.Server.Tests.Config;

public sealed class ConfigLoaderTests : IDisposable
{
    private const string Yaml = "server:\n  log_level: debug\nmetrics:\n  wal_directory: /tmp/from-file\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_MissingFlag_Fails()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(AgentFlags.Parse([]), _ => null));
        Assert.Equal("-config.file flag required", e.Message);
    }

    [Fact]
    public void Load_MissingFile_NamesFile()
    {
        var path = _dir.Combine("nope.yaml");
        var e = Assert.Throws<ConfigException>(() => Load(path));
        Assert.Equal($"error loading config file {path}: open {path}: no such file or directory", e.Message);
    }

    [Fact]
    public void Load_Directory_NamesFile()
    {
        var e = Assert.Throws<ConfigException>(() => Load(_dir.Path));
        Assert.Contains($"error loading config file {_dir.Path}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n")]
    public void Load_Empty_Fails(string text)
    {
        var path = Write(Encoding.UTF8.GetBytes(text));
        var e = Assert.Throws<ConfigException>(() => Load(path));
        Assert.StartsWith($"error loading config file {path}:", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> Encodings => new() { "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "utf-32le", "utf-32be" };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Load_Encodings_Accepted(string name)
    {
        Encoding encoding = name switch
        {
            "utf-8" => new UTF8Encoding(false),
            "utf-8-bom" => new UTF8Encoding(true),
            "utf-16le" => new UnicodeEncoding(false, true),
            "utf-16be" => new UnicodeEncoding(true, true),
            "utf-32le" => new UTF32Encoding(false, true),
            _ => new UTF32Encoding(true, true),
        };
        var path = Write([.. encoding.GetPreamble(), .. encoding.GetBytes(Yaml)]);
        var loaded = Load(path);
        Assert.Equal("/tmp/from-file", loaded.Config.Metrics!.WalDirectory);
        Assert.Equal("debug", loaded.Config.Server!.LogLevel);
    }

    [Fact]
    public void Load_InvalidUtf8_FailsWithOffset()
    {
        var path = Write([.. Encoding.UTF8.GetBytes("server:\n  log_level: "), 0xff, 0xfe, 0x41, (byte)'\n']);
        var e = Assert.Throws<ConfigException>(() => Load(path));
        Assert.Contains("invalid byte at offset", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FlagGiven_WinsOverFile()
    {
        var path = Write(Encoding.UTF8.GetBytes(Yaml));
        var loaded = Load(path, "-metrics.wal-directory=/tmp/from-flag");
        Assert.Equal("/tmp/from-flag", loaded.Config.Metrics!.WalDirectory);
    }

    [Fact]
    public void Load_FlagDefault_LosesToFile()
    {
        var path = Write(Encoding.UTF8.GetBytes(Yaml));
        Assert.Equal("/tmp/from-file", Load(path).Config.Metrics!.WalDirectory);
    }

    [Fact]
    public void Load_FlagDefault_UsedWhenFileSilent()
    {
        var path = Write(Encoding.UTF8.GetBytes("server:\n  log_level: info\n"));
        Assert.Equal("data-agent/", Load(path).Config.Metrics!.WalDirectory);
    }

    [Fact]
    public void Load_ExpandEnv_SubstitutesOnlyWhenAsked()
    {
        var path = Write(Encoding.UTF8.GetBytes("metrics:\n  wal_directory: ${WAL_DIR:-/tmp/default}\n"));
        var env = new Dictionary<string, string> { ["WAL_DIR"] = "/tmp/from-env" };
        var expanded = ConfigLoader.Load(AgentFlags.Parse(["-config.file=" + path, "-config.expand-env"]), env.GetValueOrDefault);
        Assert.Equal("/tmp/from-env", expanded.Config.Metrics!.WalDirectory);
        var literal = Load(path);
        Assert.Equal("${WAL_DIR:-/tmp/default}", literal.Config.Metrics!.WalDirectory);
    }

    [Fact]
    public void Load_ExpandEnv_BadSubstitution_Fails()
    {
        var path = Write(Encoding.UTF8.GetBytes("metrics:\n  wal_directory: ${WAL_DIR\n"));
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(AgentFlags.Parse(["-config.file=" + path, "-config.expand-env"]), _ => null));
        Assert.Contains("unable to substitute config with environment variables", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-enable-features=no-such-feature", "unknown feature \"no-such-feature\"")]
    [InlineData("-enable-features=integrations-next", "feature \"integrations-next\" is not supported yet")]
    [InlineData("-config.file.type=json", "unknown file type \"json\"")]
    public void Load_BadFlags_Fail(string flag, string expected)
    {
        var path = Write(Encoding.UTF8.GetBytes(Yaml));
        var e = Assert.Throws<ConfigException>(() => Load(path, flag));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExtraScrapeMetricsFeature_Accepted()
    {
        var path = Write(Encoding.UTF8.GetBytes(Yaml));
        _ = Load(path, "-enable-features=extra-scrape-metrics");
    }

    private string Write(byte[] bytes)
    {
        var path = _dir.Combine($"agent-{Guid.NewGuid():N}.yaml");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static LoadedConfig Load(string path, params string[] extra) =>
        ConfigLoader.Load(AgentFlags.Parse(["-config.file=" + path, .. extra]), _ => null);
}
