using Vigil.Common.Yaml;
using Vigil.Metrics.Config;

namespace Vigil.Metrics.Tests.Config;

/// <summary>Ports of the Go agent's marshal tests (static-mode.md §9.1, §9.3, §9.5, §9.7): what /-/config and the config API print.</summary>
public sealed class MarshalTests
{
    // TestAPI_GetConfiguration_ScrubSecrets' fixture, with keys in the order Go writes them.
    private const string ScrubFixture = """
        name: exists
        scrape_configs:
        - job_name: local_scrape
          honor_timestamps: true
          track_timestamps_staleness: true
          metrics_path: /metrics
          scheme: http
          basic_auth:
            username: admin
            password: SCRUBME
          follow_redirects: true
          enable_http2: true
          static_configs:
          - targets:
            - 127.0.0.1:12345
            labels:
              cluster: localhost
        remote_write:
        - url: http://localhost:9009/api/prom/push
          remote_timeout: 30s
          name: test-d0f32c
          send_exemplars: true
          basic_auth:
            username: admin
            password: SCRUBME
          follow_redirects: true
          enable_http2: true
          queue_config:
            capacity: 500
            max_shards: 1000
            min_shards: 1
            max_samples_per_send: 100
            batch_send_deadline: 5s
            min_backoff: 30ms
            max_backoff: 100ms
            retry_on_http_429: true
          metadata_config:
            send: true
            send_interval: 1m
            max_samples_per_send: 500
        wal_truncate_frequency: 1m0s
        min_wal_time: 5m0s
        max_wal_time: 4h0m0s
        remote_flush_deadline: 1m0s

        """;

    [Fact]
    public void Serialize_ScrubSecrets_MatchesGoFixture()
    {
        var config = VigilYaml.Deserialize<InstanceConfig>(ScrubFixture)!;

        var text = VigilYaml.Serialize(config, scrubSecrets: true);

        Assert.Equal(ScrubFixture.Replace("SCRUBME", "<secret>", StringComparison.Ordinal), text);
    }

    [Fact]
    public void Serialize_RetainSecrets_RoundTripsExactly()
    {
        var config = VigilYaml.Deserialize<InstanceConfig>(ScrubFixture)!;

        var text = VigilYaml.Serialize(config, scrubSecrets: false);

        Assert.Equal(ScrubFixture, text);
    }

    [Fact]
    public void Deserialize_MarshalledDefaultInstance_Valid()
    {
        // TestUnmarshalConfig_Valid / TestUnmarshalConfig_Invalid
        var text = VigilYaml.Serialize(new InstanceConfig(), scrubSecrets: false);

        Assert.NotNull(VigilYaml.Deserialize<InstanceConfig>(text));
        Assert.Throws<YamlConfigException>(() => VigilYaml.Deserialize<InstanceConfig>("whyWouldAnyoneThinkThisisAValidConfig: 12345"));
    }

    [Theory]
    [InlineData(true, "http://username:xxxxx@localhost:9009/api/prom/push", "<secret>")]
    [InlineData(false, "http://username:SCRUBURL@localhost:9009/api/prom/push", "SCRUBME")]
    public void Serialize_RemoteWriteUrlPassword_RedactedOnlyWhenScrubbing(bool scrub, string url, string password)
    {
        // TestMarshal_UnmarshalConfig_ScrubSecrets / _RetainSecrets: the URL's password is xxxxx, secrets <secret>.
        var config = VigilYaml.Deserialize<InstanceConfig>(ScrubFixture.Replace("http://localhost:9009", "http://username:SCRUBURL@localhost:9009", StringComparison.Ordinal))!;

        var text = VigilYaml.Serialize(config, scrub);

        Assert.Contains("- url: " + url + "\n", text, StringComparison.Ordinal);
        Assert.Contains("    password: " + password + "\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(scrub ? "SCRUB" : "<secret>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_MinimalInstance_OnlySetFields()
    {
        // TestAPI_GetConfiguration: the stored value is the minimal YAML of the fields that were set.
        var config = new InstanceConfig { Name = "exists", HostFilter = true, RemoteFlushDeadline = Duration.FromMinutes(10) };

        var text = VigilYaml.Serialize(config, scrubSecrets: true);

        Assert.Equal("name: exists\nhost_filter: true\nwal_truncate_frequency: 1h0m0s\nmin_wal_time: 5m0s\nmax_wal_time: 4h0m0s\nremote_flush_deadline: 10m0s\n", text);
    }

    [Fact]
    public void Serialize_DefaultedMetricsConfig_ShowsDefaults()
    {
        var config = VigilYaml.Deserialize<MetricsConfig>("""
            configs:
            - name: agent
              scrape_configs:
              - job_name: node
                static_configs:
                - targets: [localhost:9100]
              remote_write:
              - url: http://user:pw@localhost:9009/push
                bearer_token: abc
            """)!;
        var errors = new List<string>();

        config.ApplyDefaults(errors);
        var text = VigilYaml.Serialize(config, scrubSecrets: true);

        Assert.Empty(errors);
        var name = config.Configs[0].RemoteWrite[0]!.Name;
        Assert.Matches("^agent-[0-9a-f]{6}$", name);
        Assert.Equal($"""
            wal_directory: data-agent/
            wal_cleanup_age: 12h0m0s
            wal_cleanup_period: 30m0s
            configs:
            - name: agent
              scrape_configs:
              - job_name: node
                honor_timestamps: true
                track_timestamps_staleness: false
                scrape_interval: 1m
                scrape_timeout: 10s
                metrics_path: /metrics
                scheme: http
                follow_redirects: true
                enable_http2: true
                static_configs:
                - targets:
                  - localhost:9100
              remote_write:
              - url: http://user:xxxxx@localhost:9009/push
                remote_timeout: 30s
                name: {name}
                send_exemplars: true
                authorization:
                  type: Bearer
                  credentials: <secret>
                follow_redirects: true
                enable_http2: true
                queue_config:
                  capacity: 10000
                  max_shards: 50
                  min_shards: 1
                  max_samples_per_send: 2000
                  batch_send_deadline: 5s
                  min_backoff: 30ms
                  max_backoff: 5s
                  retry_on_http_429: true
                metadata_config:
                  send: true
                  send_interval: 1m
                  max_samples_per_send: 2000
              wal_truncate_frequency: 1h0m0s
              min_wal_time: 5m0s
              max_wal_time: 4h0m0s
              remote_flush_deadline: 1m0s
            instance_restart_backoff: 5s
            instance_mode: shared

            """, text);
    }

    [Fact]
    public void Serialize_ZeroMetricsConfig_Empty()
    {
        // TestAgent_OmitEmptyFields: a zero config marshals to {}.
        var config = new MetricsConfig
        {
            WalDirectory = string.Empty,
            WalCleanupAge = Duration.Zero,
            WalCleanupPeriod = Duration.Zero,
            InstanceRestartBackoff = Duration.Zero,
            InstanceMode = string.Empty,
        };

        Assert.Equal("{}\n", VigilYaml.Serialize(config, scrubSecrets: true));
    }

    [Fact]
    public void Serialize_DefaultScrapingService_Omitted()
    {
        // TestConfig_MarshalYAMLOmitDefaultConfigFields: a default cluster config marshals to {}.
        var holder = VigilYaml.Deserialize<MetricsConfig>("scraping_service: {}\nscraping_service_client: {}\nglobal: {}\n")!;
        holder.WalDirectory = string.Empty;
        holder.WalCleanupAge = Duration.Zero;
        holder.WalCleanupPeriod = Duration.Zero;
        holder.InstanceRestartBackoff = Duration.Zero;
        holder.InstanceMode = string.Empty;

        Assert.Equal("{}\n", VigilYaml.Serialize(holder, scrubSecrets: true));
    }

    [Fact]
    public void Serialize_EnabledScrapingService_WritesDskitBlocksInGoOrder()
    {
        var config = VigilYaml.Deserialize<MetricsConfig>("""
            scraping_service:
              enabled: true
              kvstore:
                store: etcd
                etcd:
                  endpoints: [127.0.0.1:2379]
                  password: pw
            """)!;

        var text = VigilYaml.Serialize(config.ScrapingService, scrubSecrets: true);

        Assert.StartsWith("enabled: true\nreshard_interval: 1m0s\nreshard_timeout: 30s\ncluster_reshard_event_timeout: 30s\nkvstore:\n  store: etcd\n  prefix: configurations/\n", text, StringComparison.Ordinal);
        // Empty strings and lists are left out (a difference from Go, which prints "" and [] for dskit's keys).
        Assert.Contains("  etcd:\n    endpoints:\n    - 127.0.0.1:2379\n    dial_timeout: 10s\n    max_retries: 10\n    tls_enabled: false\n    tls_insecure_skip_verify: false\n    password: '********'\n", text, StringComparison.Ordinal);
        Assert.Contains("lifecycler:\n  ring:\n    kvstore:\n      store: embedded\n      prefix: collectors/\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_GlobalWithExternalLabels_Written()
    {
        var config = VigilYaml.Deserialize<MetricsConfig>("global:\n  scrape_interval: 15s\n  external_labels:\n    region: eu\n    cluster: a\n")!;

        var text = VigilYaml.Serialize(config, scrubSecrets: true);

        Assert.StartsWith("global:\n  scrape_interval: 15s\n  scrape_timeout: 10s\n  evaluation_interval: 1m\n  external_labels:\n    cluster: a\n    region: eu\nwal_directory: data-agent/\n", text, StringComparison.Ordinal);
    }
}
