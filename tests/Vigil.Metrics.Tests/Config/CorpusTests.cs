using Vigil.Common.Yaml;

namespace Vigil.Metrics.Tests.Config;

/// <summary>
/// The config corpus (style habit 7): every <c>*.good.yml</c> loads and validates cleanly; every <c>*.bad.yml</c> fails with
/// the error substring listed here. A new bad file needs a row, which <see cref="BadFiles_AllListed"/> enforces.
/// </summary>
public sealed class CorpusTests
{
    public static TheoryData<string, string> ExpectedErrors => new()
    {
        { "metrics-no-wal-directory.bad.yml", "no wal_directory configured" },
        { "metrics-missing-instance-name.bad.yml", "error validating instance at index 0: missing instance name" },
        { "metrics-null-instance.bad.yml", "error validating instance at index 0: missing instance name" },
        { "metrics-duplicate-instance.bad.yml", "prometheus instance names must be unique. found multiple instances with name x" },
        { "metrics-instance-mode.bad.yml", "unsupported instance_mode 'exclusive'. supported values 'shared', 'distinct'" },
        { "metrics-scraping-service-with-configs.bad.yml", "cannot use configs when scraping_service mode is enabled" },
        { "metrics-kvstore-type.bad.yml", "invalid KV store type: zookeeper" },
        { "metrics-kvstore-consul.bad.yml", "kvstore.store consul is not supported by Vigil; supported values: embedded, etcd, inmemory" },
        { "metrics-kvstore-etcd-endpoints.bad.yml", "kvstore.etcd.endpoints must not be empty when kvstore.store is etcd" },
        { "metrics-grpc-compression.bad.yml", "unsupported compression type: lz4" },
        { "metrics-unknown-key.bad.yml", "line 2: field wal_dir not found in type MetricsConfig" },
        { "metrics-duplicate-key.bad.yml", "line 3: key \"wal_directory\" already set in map" },
        { "metrics-bad-duration.bad.yml", "line 1: time: unknown unit \" hours\" in duration \"12 hours\"" },
        { "metrics-prometheus-alias-key.bad.yml", "line 1: field prometheus not found in type MetricsConfig" },
        { "metrics-global-label.bad.yml", "\"1bad\" is not a valid label name" },
        { "metrics-global-null-remote-write.bad.yml", "empty or null remote write config section" },
        { "metrics-global-remote-write-no-url.bad.yml", "url for remote_write is empty" },
        { "instance-wal-truncate-frequency.bad.yml", "wal_truncate_frequency must be greater than 0s" },
        { "instance-remote-flush-deadline.bad.yml", "remote_flush_deadline must be greater than 0s" },
        { "instance-min-max-wal-time.bad.yml", "min_wal_time must be less than max_wal_time" },
        { "instance-null-scrape.bad.yml", "empty or null scrape config section" },
        { "instance-scrape-timeout.bad.yml", "scrape timeout greater than scrape interval for scrape config with job name \"x\"" },
        { "instance-scrape-interval-truncate.bad.yml", "scrape interval greater than wal_truncate_frequency for scrape config with job name \"x\"" },
        { "instance-duplicate-job.bad.yml", "found multiple scrape configs with job name \"x\"" },
        { "instance-null-remote-write.bad.yml", "empty or null remote write config section" },
        { "instance-identical-remote-write.bad.yml", "found two identical remote_write configs" },
        { "instance-duplicate-remote-write-name.bad.yml", "found duplicate remote write configs with name \"w\"" },
        { "instance-job-name-empty.bad.yml", "job_name is empty" },
        { "instance-url-target.bad.yml", "\"http://localhost:9100/metrics\" is not a valid hostname" },
        { "instance-null-relabel.bad.yml", "empty or null target relabeling rule in scrape config" },
        { "instance-null-relabel.bad.yml", "empty or null metric relabeling rule in scrape config" },
        { "instance-null-static.bad.yml", "empty or null section in static_configs" },
        { "instance-static-label.bad.yml", "\"bad-label\" is not a valid label name" },
        { "instance-enable-compression.bad.yml", "field enable_compression not found in type ScrapeConfig" },
        { "instance-kubernetes-sd.bad.yml", "kubernetes service discovery is not supported by Vigil yet" },
        { "instance-bearer-both.bad.yml", "at most one of bearer_token & bearer_token_file must be configured" },
        { "instance-basic-and-bearer.bad.yml", "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured" },
        { "instance-basic-username-file.bad.yml", "at most one of basic_auth username & username_file must be configured" },
        { "instance-basic-password-file.bad.yml", "at most one of basic_auth password & password_file must be configured" },
        { "instance-authorization-bearer.bad.yml", "authorization is not compatible with bearer_token & bearer_token_file" },
        { "instance-authorization-credentials-file.bad.yml", "at most one of authorization credentials & credentials_file must be configured" },
        { "instance-authorization-basic.bad.yml", "authorization type cannot be set to \"basic\", use \"basic_auth\" instead" },
        { "instance-authorization-and-basic-auth.bad.yml", "at most one of basic_auth, oauth2 & authorization must be configured" },
        { "instance-oauth2-client-id.bad.yml", "oauth2 client_id must be configured" },
        { "instance-oauth2-token-url.bad.yml", "oauth2 token_url must be configured" },
        { "instance-oauth2-secret-file.bad.yml", "at most one of oauth2 client_secret & client_secret_file must be configured" },
        { "instance-tls-ca.bad.yml", "at most one of ca and ca_file must be configured" },
        { "instance-tls-cert.bad.yml", "at most one of cert and cert_file must be configured" },
        { "instance-tls-key.bad.yml", "at most one of key and key_file must be configured" },
        { "instance-tls-cert-without-key.bad.yml", "exactly one of key or key_file must be configured when a client certificate is configured" },
        { "instance-tls-key-without-cert.bad.yml", "exactly one of cert or cert_file must be configured when a client key is configured" },
        { "instance-tls-version.bad.yml", "unknown TLS version: TLS14" },
        { "instance-proxy-connect-header.bad.yml", "if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured" },
        { "instance-proxy-env-and-url.bad.yml", "if proxy_from_environment is configured, proxy_url must not be configured" },
        { "instance-proxy-env-and-no-proxy.bad.yml", "if proxy_from_environment is configured, no_proxy must not be configured" },
        { "instance-no-proxy-without-url.bad.yml", "if no_proxy is configured, proxy_url must also be configured" },
        { "instance-remote-write-no-url.bad.yml", "url for remote_write is empty" },
        { "instance-remote-write-file-scheme.bad.yml", "remote_write url scheme must be http or https, got \"file\"" },
        { "instance-remote-write-bad-url.bad.yml", "line 3: parse \"http://a/%zz\": invalid URL escape \"%zz\"" },
        { "instance-remote-write-null-relabel.bad.yml", "empty or null relabeling rule in remote write config" },
        { "instance-remote-write-authorization-header.bad.yml", "authorization header must be changed via the basic_auth, authorization, oauth2, sigv4, or azuread parameter" },
        { "instance-remote-write-reserved-header.bad.yml", "User-Agent is a reserved header. It must not be changed" },
        { "instance-remote-write-sigv4.bad.yml", "sigv4 is not supported by Vigil yet" },
        { "instance-remote-write-azuread.bad.yml", "azuread is not supported by Vigil yet" },
        { "instance-remote-write-auth-and-sigv4.bad.yml", "at most one of basic_auth, authorization, oauth2, sigv4, & azuread must be configured" },
        { "instance-file-sd-empty.bad.yml", "file service discovery config must contain at least one path name" },
        { "instance-file-sd-pattern.bad.yml", "path name \"/etc/targets/*/x.json\" is not valid for file discovery" },
        { "instance-http-sd-no-url.bad.yml", "URL is missing" },
        { "instance-http-sd-scheme.bad.yml", "URL scheme must be 'http' or 'https'" },
        { "instance-http-sd-host.bad.yml", "host is missing in URL" },
        { "instance-dns-sd-names.bad.yml", "DNS-SD config must contain at least one SRV record name" },
        { "instance-dns-sd-port.bad.yml", "a port is required in DNS-SD configs for all record types except SRV" },
        { "instance-dns-sd-type.bad.yml", "invalid DNS-SD records type TXT" },
        { "instance-null-sd-section.bad.yml", "empty or null section in dns_sd_configs" },
        { "instance-null-sd-section.bad.yml", "empty or null section in file_sd_configs" },
        { "instance-null-sd-section.bad.yml", "empty or null section in http_sd_configs" },
        { "instance-body-size-limit.bad.yml", "units: unknown unit  megabytes in \"10 megabytes\"" },
    };

    public static TheoryData<string> GoodFiles => [.. ConfigCorpus.Files(".good.yml")];

    [Theory]
    [MemberData(nameof(ExpectedErrors))]
    public void BadFile_FailsWithGoMessage(string file, string expected)
    {
        var errors = ConfigCorpus.Load(file);

        Assert.True(errors.Exists(e => e.Contains(expected, StringComparison.Ordinal)), $"{file}: expected \"{expected}\" in [{string.Join(" | ", errors)}]");
    }

    [Theory]
    [MemberData(nameof(GoodFiles))]
    public void GoodFile_LoadsWithoutErrors(string file)
    {
        var errors = ConfigCorpus.Load(file);

        Assert.True(errors.Count == 0, $"{file}: [{string.Join(" | ", errors)}]");
    }

    public static TheoryData<string> GoodInstanceFiles => [.. ConfigCorpus.Files(".good.yml").Where(f => f.StartsWith("instance-", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(GoodInstanceFiles))]
    public void GoodInstanceFile_DefaultedConfig_SurvivesYamlRoundTrip(string file)
    {
        // What the scraping service stores is read back as the same config (TestServer_PutConfiguration_WithClient).
        // Only instance configs travel through YAML; the metrics block keeps Go's omitempty, which drops meaningful
        // zeros such as wal_cleanup_period: 0s from /-/config exactly as the Go agent does.
        var first = ConfigCorpus.LoadDefaulted(file);
        var again = ConfigCorpus.Reload(first);

        Assert.Equal(VigilYaml.Serialize(first, scrubSecrets: false), VigilYaml.Serialize(again, scrubSecrets: false));
    }

    [Fact]
    public void BadFiles_AllListed()
    {
        var listed = ExpectedErrors.Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);

        var unlisted = ConfigCorpus.Files(".bad.yml").Where(f => !listed.Contains(f)).ToList();

        Assert.True(unlisted.Count == 0, "bad files without an expected error: " + string.Join(", ", unlisted));
    }
}
