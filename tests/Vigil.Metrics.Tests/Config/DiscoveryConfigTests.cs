using Vigil.Common.Yaml;
using Vigil.Metrics.Config;

namespace Vigil.Metrics.Tests.Config;

public sealed class DiscoveryConfigTests
{
    [Fact]
    public void Deserialize_SdBlocks_TakePrometheusDefaults()
    {
        var sc = VigilYaml.Deserialize<ScrapeConfig>("""
            job_name: x
            file_sd_configs:
            - files: [a.json]
            http_sd_configs:
            - url: http://sd.local/targets
            dns_sd_configs:
            - names: [_a._tcp.local]
            """)!;

        Assert.Equal(PromDuration.FromMinutes(5), sc.FileSdConfigs[0]!.RefreshInterval);
        Assert.Equal(PromDuration.FromSeconds(60), sc.HttpSdConfigs[0]!.RefreshInterval);
        Assert.True(sc.HttpSdConfigs[0]!.FollowRedirects);
        Assert.Equal(PromDuration.FromSeconds(30), sc.DnsSdConfigs[0]!.RefreshInterval);
        Assert.Equal("SRV", sc.DnsSdConfigs[0]!.Type);
        Assert.Equal(0, sc.DnsSdConfigs[0]!.Port);
    }

    [Fact]
    public void Serialize_ScrapeConfig_SdBlocksLastInGoOrder()
    {
        var sc = VigilYaml.Deserialize<ScrapeConfig>("""
            job_name: x
            static_configs:
            - targets: [a:1]
            http_sd_configs:
            - url: http://sd.local/targets
              bearer_token: t
            file_sd_configs:
            - files: [a.json]
            dns_sd_configs:
            - names: [db.local]
              type: A
              port: 5432
            metric_relabel_configs:
            - action: drop
            """)!;

        var text = VigilYaml.Serialize(sc, scrubSecrets: true);

        Assert.Equal("""
            job_name: x
            honor_timestamps: true
            track_timestamps_staleness: false
            metrics_path: /metrics
            scheme: http
            follow_redirects: true
            enable_http2: true
            metric_relabel_configs:
            - action: drop
            dns_sd_configs:
            - names:
              - db.local
              refresh_interval: 30s
              type: A
              port: 5432
            file_sd_configs:
            - files:
              - a.json
              refresh_interval: 5m
            http_sd_configs:
            - bearer_token: <secret>
              follow_redirects: true
              enable_http2: true
              refresh_interval: 1m
              url: http://sd.local/targets
            static_configs:
            - targets:
              - a:1

            """, text);
    }

    [Theory]
    [InlineData("http://sd.local:8080/targets", null)]
    [InlineData("https://sd.local/targets?x=1", null)]
    [InlineData("", "URL is missing")]
    [InlineData("sd.local/targets", "URL scheme must be 'http' or 'https'")]
    [InlineData("http://", "host is missing in URL")]
    [InlineData("http://sd/%g", "parse \"http://sd/%g\": invalid URL escape \"%g\"")]
    public void HttpSdConfig_Validate_PrometheusMessages(string url, string? expected)
    {
        var sd = new Discovery.Http.HttpSdConfig { Url = url };
        var errors = new List<string>();

        sd.Validate(errors);

        Assert.Equal(expected is null ? [] : [expected], errors);
    }

    [Theory]
    [InlineData("srv", 0, null)]
    [InlineData("AAAA", 80, null)]
    [InlineData("NS", 53, null)]
    [InlineData("MX", 0, "a port is required in DNS-SD configs for all record types except SRV")]
    [InlineData("CNAME", 1, "invalid DNS-SD records type CNAME")]
    public void DnsSdConfig_Validate_RecordTypes(string type, int port, string? expected)
    {
        var sd = new Discovery.Dns.DnsSdConfig { Names = ["x.local"], Type = type, Port = port };
        var errors = new List<string>();

        sd.Validate(errors);

        Assert.Equal(expected is null ? [] : [expected], errors);
    }
}
