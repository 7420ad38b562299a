using Vigil.Common.Yaml;
using Vigil.Metrics.Config;

namespace Vigil.Metrics.Tests.Config;

/// <summary>Ports of static/metrics/instance/instance_test.go's config tests (static-mode.md §3.3, §9.5).</summary>
public sealed class InstanceConfigTests
{
    private const string ValidInstance = """
        name: instance
        scrape_configs:
        - job_name: scrape
          static_configs:
          - targets: ['127.0.0.1:12345']
            labels:
              cluster: localhost
        remote_write:
        - name: write
          url: http://localhost:9009/api/prom/push
        """;

    public static TheoryData<string, Action<InstanceConfig>?, string?> Validations => new()
    {
        { "valid config", null, null },
        { "requires name", c => c.Name = string.Empty, "missing instance name" },
        { "missing scrape", c => c.ScrapeConfigs[0] = null, "empty or null scrape config section" },
        { "missing wal truncate frequency", c => c.WalTruncateFrequency = Duration.Zero, "wal_truncate_frequency must be greater than 0s" },
        { "missing remote flush deadline", c => c.RemoteFlushDeadline = Duration.Zero, "remote_flush_deadline must be greater than 0s" },
        { "min wal time above max", c => c.MinWalTime = Duration.FromHours(5), "min_wal_time must be less than max_wal_time" },
        {
            "scrape timeout too high",
            c => c.ScrapeConfigs[0]!.ScrapeTimeout = new PromDuration(GlobalConfig.DefaultScrapeInterval.Value + TimeSpan.FromMilliseconds(1)),
            "scrape timeout greater than scrape interval for scrape config with job name \"scrape\""
        },
        {
            "scrape interval greater than truncate frequency",
            c => c.ScrapeConfigs[0]!.ScrapeInterval = new PromDuration(c.WalTruncateFrequency.Value + TimeSpan.FromMilliseconds(1)),
            "scrape interval greater than wal_truncate_frequency for scrape config with job name \"scrape\""
        },
        {
            "multiple scrape configs with same name",
            c => c.ScrapeConfigs.Add(new ScrapeConfig { JobName = "scrape" }),
            "found multiple scrape configs with job name \"scrape\""
        },
        { "empty remote write", c => c.RemoteWrite.Add(null), "empty or null remote write config section" },
        {
            "multiple remote writes with same name",
            c => c.RemoteWrite = [Write("foo"), Write("foo")],
            "found duplicate remote write configs with name \"foo\""
        },
        {
            "two identical unnamed remote writes",
            c => c.RemoteWrite = [Write(string.Empty), Write(string.Empty)],
            "found two identical remote_write configs"
        },
    };

    [Theory]
    [MemberData(nameof(Validations))]
    public void ApplyDefaults_Validations_GoMessages(string name, Action<InstanceConfig>? mutation, string? expected)
    {
        var config = VigilYaml.Deserialize<InstanceConfig>(ValidInstance)!;
        mutation?.Invoke(config);
        var errors = new List<string>();

        config.ApplyDefaults(new GlobalConfig(), errors);

        Assert.True(expected is null ? errors.Count == 0 : errors.SequenceEqual([expected]), $"{name}: [{string.Join(" | ", errors)}]");
    }

    [Fact]
    public void ApplyDefaults_SeveralProblems_ReportsEveryOne()
    {
        var config = new InstanceConfig { WalTruncateFrequency = Duration.Zero, RemoteFlushDeadline = Duration.Zero };
        var errors = new List<string>();

        config.ApplyDefaults(new GlobalConfig(), errors);

        Assert.Equal(["missing instance name", "wal_truncate_frequency must be greater than 0s", "remote_flush_deadline must be greater than 0s"], errors);
    }

    [Fact]
    public void UnmarshalDefaults_MinimalYaml_GetsAgentDefaults()
    {
        // TestConfig_Unmarshal_Defaults
        var config = VigilYaml.Deserialize<InstanceConfig>("""
            name: test
            scrape_configs:
              - job_name: local_scrape
                static_configs:
                  - targets: ['127.0.0.1:12345']
                    labels:
                      cluster: 'localhost'
            remote_write:
              - url: http://localhost:9009/api/prom/push
            """)!;
        var global = new GlobalConfig();
        var errors = new List<string>();

        config.ApplyDefaults(global, errors);

        Assert.Empty(errors);
        Assert.False(config.HostFilter);
        Assert.Equal(Duration.FromMinutes(60), config.WalTruncateFrequency);
        Assert.Equal(Duration.FromMinutes(5), config.MinWalTime);
        Assert.Equal(Duration.FromHours(4), config.MaxWalTime);
        Assert.Equal(Duration.FromMinutes(1), config.RemoteFlushDeadline);
        Assert.False(config.WriteStaleOnShutdown);
        var sc = Assert.Single(config.ScrapeConfigs)!;
        Assert.Equal(global.ScrapeInterval, sc.ScrapeInterval);
        Assert.Equal(global.ScrapeTimeout, sc.ScrapeTimeout);
        Assert.Same(global, config.Global);
    }

    [Fact]
    public void ApplyDefaults_UnnamedRemoteWrite_GetsHashedName()
    {
        // TestConfig_ApplyDefaults_HashedName (the Go test adds `sigv4: {}`, which Vigil rejects as unsupported).
        var config = VigilYaml.Deserialize<InstanceConfig>("name: default\nhost_filter: false\nremote_write:\n- url: http://localhost:9009/api/prom/push\n")!;
        var errors = new List<string>();

        config.ApplyDefaults(new GlobalConfig(), errors);

        Assert.Empty(errors);
        Assert.Matches("^default-[0-9a-f]{6}$", config.RemoteWrite[0]!.Name);
    }

    [Fact]
    public void ApplyDefaults_SameRemoteWriteContent_SameHash()
    {
        var a = VigilYaml.Deserialize<InstanceConfig>("name: a\nremote_write:\n- url: http://x/push\n")!;
        var b = VigilYaml.Deserialize<InstanceConfig>("name: a\nremote_write:\n- url: http://x/push\n")!;
        var c = VigilYaml.Deserialize<InstanceConfig>("name: a\nremote_write:\n- url: http://y/push\n")!;

        a.ApplyDefaults(new GlobalConfig(), []);
        b.ApplyDefaults(new GlobalConfig(), []);
        c.ApplyDefaults(new GlobalConfig(), []);

        Assert.Equal(a.RemoteWrite[0]!.Name, b.RemoteWrite[0]!.Name);
        Assert.NotEqual(a.RemoteWrite[0]!.Name, c.RemoteWrite[0]!.Name);
    }

    [Fact]
    public void ApplyDefaults_NoRemoteWrite_UsesOwnCopyOfGlobal()
    {
        var global = VigilYaml.Deserialize<GlobalConfig>("remote_write:\n- url: http://x/push\n")!;
        var a = new InstanceConfig { Name = "a" };
        var b = new InstanceConfig { Name = "b" };

        a.ApplyDefaults(global, []);
        b.ApplyDefaults(global, []);

        Assert.StartsWith("a-", a.RemoteWrite[0]!.Name, StringComparison.Ordinal);
        Assert.StartsWith("b-", b.RemoteWrite[0]!.Name, StringComparison.Ordinal);
        Assert.Equal(string.Empty, global.RemoteWrite[0]!.Name);
    }

    [Theory]
    [InlineData("5s", null, "5s", "5s")]
    [InlineData("30s", null, "30s", "10s")]
    [InlineData(null, null, "1m", "10s")]
    [InlineData("15s", "12s", "15s", "12s")]
    public void ApplyDefaults_ScrapeIntervalAndTimeout_FromGlobalClampedToInterval(string? interval, string? timeout, string wantInterval, string wantTimeout)
    {
        var sc = new ScrapeConfig { JobName = "j" };
        if (interval is not null)
        {
            sc.ScrapeInterval = PromDuration.Parse(interval);
        }

        if (timeout is not null)
        {
            sc.ScrapeTimeout = PromDuration.Parse(timeout);
        }

        var config = new InstanceConfig { Name = "i", ScrapeConfigs = [sc] };
        var errors = new List<string>();

        config.ApplyDefaults(new GlobalConfig(), errors);

        Assert.Empty(errors);
        Assert.Equal(wantInterval, sc.ScrapeInterval.ToString());
        Assert.Equal(wantTimeout, sc.ScrapeTimeout.ToString());
    }

    [Fact]
    public void ApplyDefaults_BearerToken_MovedToAuthorization()
    {
        var config = VigilYaml.Deserialize<InstanceConfig>("name: i\nscrape_configs:\n- job_name: j\n  bearer_token_file: /t\n")!;

        config.ApplyDefaults(new GlobalConfig(), []);

        var sc = config.ScrapeConfigs[0]!;
        Assert.Equal(string.Empty, sc.BearerTokenFile);
        Assert.Equal("Bearer", sc.Authorization!.Type);
        Assert.Equal("/t", sc.Authorization.CredentialsFile);
    }

    [Fact]
    public void ApplyDefaults_UnsetLimits_TakenFromGlobal()
    {
        var global = VigilYaml.Deserialize<GlobalConfig>("sample_limit: 100\nlabel_limit: 20\nbody_size_limit: 1MiB\n")!;
        var config = VigilYaml.Deserialize<InstanceConfig>("name: i\nscrape_configs:\n- job_name: j\n  sample_limit: 5\n")!;

        config.ApplyDefaults(global, []);

        var sc = config.ScrapeConfigs[0]!;
        Assert.Equal(5u, sc.SampleLimit);
        Assert.Equal(20u, sc.LabelLimit);
        Assert.Equal(1L << 20, sc.BodySizeLimit.Bytes);
        Assert.Equal(0u, sc.TargetLimit);
    }

    [Fact]
    public void ApplyDefaults_CalledTwice_SameResult()
    {
        var global = VigilYaml.Deserialize<GlobalConfig>("remote_write:\n- url: http://g/push\n")!;
        var config = VigilYaml.Deserialize<InstanceConfig>(ValidInstance.Replace("- name: write\n", "- bearer_token: t\n", StringComparison.Ordinal))!;
        var first = new List<string>();
        var second = new List<string>();

        config.ApplyDefaults(global, first);
        var once = VigilYaml.Serialize(config, scrubSecrets: false);
        config.ApplyDefaults(global, second);

        Assert.Empty(first);
        Assert.Empty(second);
        Assert.Equal(once, VigilYaml.Serialize(config, scrubSecrets: false));
    }

    private static RemoteWriteConfig Write(string name) => new() { Name = name, Url = new ConfigUrl("http://localhost:9009/api/prom/push") };
}
