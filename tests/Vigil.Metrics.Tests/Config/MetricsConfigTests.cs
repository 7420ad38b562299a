using Vigil.Common.Yaml;
using Vigil.Metrics.Config;

namespace Vigil.Metrics.Tests.Config;

/// <summary>Ports of static/metrics/agent_test.go's config tests (static-mode.md §3.1, §9.6).</summary>
public sealed class MetricsConfigTests
{
    private const string Valid = """
        wal_directory: /tmp/data
        configs:
        - name: instance
        """;

    public static TheoryData<string, Action<MetricsConfig>?, string[]> Validations => new()
    {
        { "complete config should be valid", null, [] },
        { "no wal dir", c => c.WalDirectory = string.Empty, ["no wal_directory configured"] },
        { "missing instance name", c => c.Configs[0].Name = string.Empty, ["error validating instance at index 0: missing instance name"] },
        {
            "duplicate config name",
            c => c.Configs.AddRange([new InstanceConfig { Name = "newinstance" }, new InstanceConfig { Name = "instance" }]),
            ["prometheus instance names must be unique. found multiple instances with name instance"]
        },
        {
            "bad instance mode",
            c => c.InstanceMode = "x",
            ["unsupported instance_mode 'x'. supported values 'shared', 'distinct'"]
        },
        {
            "configs with scraping service",
            c => c.ScrapingService.Enabled = true,
            ["cannot use configs when scraping_service mode is enabled"]
        },
        {
            "named instance error",
            c => c.Configs[0].WalTruncateFrequency = Duration.Zero,
            ["error validating instance instance: wal_truncate_frequency must be greater than 0s"]
        },
    };

    [Theory]
    [MemberData(nameof(Validations))]
    public void ApplyDefaults_Validations_GoMessages(string name, Action<MetricsConfig>? mutation, string[] expected)
    {
        var config = VigilYaml.Deserialize<MetricsConfig>(Valid)!;
        mutation?.Invoke(config);
        var errors = new List<string>();

        config.ApplyDefaults(errors);

        Assert.True(errors.SequenceEqual(expected), $"{name}: [{string.Join(" | ", errors)}]");
    }

    [Fact]
    public void ApplyDefaults_EveryError_Reported()
    {
        var config = VigilYaml.Deserialize<MetricsConfig>("""
            wal_directory: ""
            instance_mode: nope
            configs:
            - name: a
              scrape_configs:
              - job_name: ""
            - wal_truncate_frequency: 0s
            - name: a
            """)!;
        var errors = new List<string>();

        config.ApplyDefaults(errors);

        Assert.Equal(
            [
                "unsupported instance_mode 'nope'. supported values 'shared', 'distinct'",
                "no wal_directory configured",
                "error validating instance a: job_name is empty",
                "error validating instance at index 1: missing instance name",
                "error validating instance at index 1: wal_truncate_frequency must be greater than 0s",
                "prometheus instance names must be unique. found multiple instances with name a",
            ],
            errors);
    }

    [Fact]
    public void ApplyDefaults_NonzeroDefaultScrapeInterval_AppliedToJobs()
    {
        // TestConfigNonzeroDefaultScrapeInterval
        var config = VigilYaml.Deserialize<MetricsConfig>("""
            wal_directory: ./wal
            configs:
              - name: testconfig
                scrape_configs:
                  - job_name: 'node'
                    static_configs:
                      - targets: ['localhost:9100']
            """)!;
        var errors = new List<string>();

        config.ApplyDefaults(errors);

        Assert.Empty(errors);
        Assert.True(config.Configs[0].ScrapeConfigs[0]!.ScrapeInterval.Value > TimeSpan.Zero);
    }

    [Fact]
    public void Deserialize_AnchorsAndMergeKeys_SharedBlocks()
    {
        var text = File.ReadAllText(Path.Combine(ConfigCorpus.Directory, "metrics-anchors.good.yml"));
        var config = VigilYaml.Deserialize<MetricsConfig>(text)!;
        var errors = new List<string>();

        config.ApplyDefaults(errors);

        Assert.Empty(errors);
        var b = config.Configs[1];
        Assert.Equal("node-b", b.ScrapeConfigs[0]!.JobName);
        Assert.Equal(PromDuration.FromSeconds(30), b.ScrapeConfigs[0]!.ScrapeInterval);
        Assert.Equal("cortex-b", b.RemoteWrite[0]!.Name);
        Assert.Equal(20, b.RemoteWrite[0]!.QueueConfig.MaxShards);
        Assert.Equal("pw", b.RemoteWrite[0]!.BasicAuth!.Password!.Value);
        Assert.StartsWith("a-", config.Configs[0].RemoteWrite[0]!.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void New_HoldsAgentDefaults()
    {
        var config = new MetricsConfig();

        Assert.Equal("data-agent/", config.WalDirectory);
        Assert.Equal(Duration.FromHours(12), config.WalCleanupAge);
        Assert.Equal(Duration.FromMinutes(30), config.WalCleanupPeriod);
        Assert.Equal(Duration.FromSeconds(5), config.InstanceRestartBackoff);
        Assert.Equal("shared", config.InstanceMode);
        Assert.Equal(PromDuration.FromMinutes(1), config.Global.ScrapeInterval);
        Assert.Equal(PromDuration.FromSeconds(10), config.Global.ScrapeTimeout);
        Assert.Equal(Duration.FromMinutes(1), config.ScrapingService.ReshardInterval);
        Assert.Equal("configurations/", config.ScrapingService.KvStore.Prefix);
        Assert.Equal(Duration.FromSeconds(10), config.ScrapingService.KvStore.Etcd.DialTimeout);
        Assert.Equal(10, config.ScrapingService.KvStore.Etcd.MaxRetries);
        Assert.Equal(128, config.ScrapingService.Lifecycler.NumTokens);
        Assert.Equal(100 << 20, config.ScrapingServiceClient.GrpcClientConfig.MaxRecvMsgSize);
    }

    [Fact]
    public void ApplyDefaults_ScrapingService_ReplicationFactorForcedToOne()
    {
        var config = VigilYaml.Deserialize<MetricsConfig>("scraping_service:\n  enabled: true\n  lifecycler:\n    ring:\n      replication_factor: 3\n")!;
        var errors = new List<string>();

        config.ApplyDefaults(errors);

        Assert.Empty(errors);
        Assert.Equal(1, config.ScrapingService.Lifecycler.Ring.ReplicationFactor);
        Assert.Same(config.ScrapingServiceClient, config.ScrapingService.Client);
    }

    [Fact]
    public void Deserialize_EmptyBlock_AllDefaults()
    {
        var config = VigilYaml.Deserialize<MetricsConfig>("global:\nscraping_service:\nconfigs:\n")!;
        var errors = new List<string>();

        config.ApplyDefaults(errors);

        Assert.Empty(errors);
        Assert.Equal(PromDuration.FromMinutes(1), config.Global.ScrapeInterval);
        Assert.Empty(config.Configs);
    }
}
