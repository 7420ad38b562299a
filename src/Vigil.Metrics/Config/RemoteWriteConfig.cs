using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vigil.Common.Yaml;
using Vigil.Metrics.Relabel;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>
/// One <c>remote_write</c> entry (Prometheus <c>config.RemoteWriteConfig</c>, fork pinned by Grafana Agent v0.44), with the
/// agent's process-wide defaults: <c>send_exemplars: true</c> and <c>queue_config.retry_on_http_429: true</c>.
/// </summary>
public sealed class RemoteWriteConfig : HttpClientConfig
{
    public static readonly PromDuration DefaultRemoteTimeout = PromDuration.FromSeconds(30);

    // Headers Prometheus sets itself; "authorization" is checked separately with its own message.
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.Ordinal)
    {
        "host", "content-encoding", "content-length", "content-type", "user-agent", "connection", "keep-alive",
        "proxy-authenticate", "proxy-authorization", "www-authenticate", "accept-encoding",
        "x-prometheus-remote-write-version", "x-prometheus-remote-read-version",
        "x-amz-date", "x-amz-security-token", "x-amz-content-sha256",
    };

    [YamlMember(Alias = "url", Order = 1)]
    public ConfigUrl? Url { get; set; }

    [YamlMember(Alias = "remote_timeout", Order = 2)]
    [OmitEmpty]
    public PromDuration RemoteTimeout { get; set; } = DefaultRemoteTimeout;

    [YamlMember(Alias = "headers", Order = 3)]
    [OmitEmpty]
    public SortedStringMap Headers { get; set; } = [];

    [YamlMember(Alias = "write_relabel_configs", Order = 4)]
    [OmitEmpty]
    public List<RelabelConfig?> WriteRelabelConfigs { get; set; } = [];

    [YamlMember(Alias = "name", Order = 5)]
    [OmitEmpty]
    public string Name { get; set; } = string.Empty;

    // omitempty in Go, but with the agent's default of true an explicit false would vanish on a YAML round trip (the
    // scraping service stores configs as YAML), so false is written.
    [YamlMember(Alias = "send_exemplars", Order = 6)]
    public bool SendExemplars { get; set; } = true;

    [YamlMember(Alias = "send_native_histograms", Order = 7)]
    [OmitEmpty]
    public bool SendNativeHistograms { get; set; }

    [YamlMember(Alias = "queue_config", Order = 170)]
    [OmitEmpty]
    public QueueConfig QueueConfig { get; set; } = new();

    [YamlMember(Alias = "metadata_config", Order = 171)]
    [OmitEmpty]
    public MetadataConfig MetadataConfig { get; set; } = new();

    [YamlMember(Alias = "sigv4", Order = 172)]
    [OmitEmpty]
    public SigV4Config? SigV4 { get; set; }

    [YamlMember(Alias = "azuread", Order = 173)]
    [OmitEmpty]
    public AzureAdConfig? AzureAd { get; set; }

    /// <summary>The checks Prometheus runs when it decodes a remote_write (<c>RemoteWriteConfig.UnmarshalYAML</c>), in its order and words.</summary>
    public void Validate(List<string> errors)
    {
        if (Url is null)
        {
            errors.Add("url for remote_write is empty");
        }
        else if (Uri.TryCreate(Url.Value, UriKind.Absolute, out var uri) && uri.Scheme is not ("http" or "https"))
        {
            // Prometheus accepts any scheme here and fails every send later; refusing it at load says why at once
            // (and keeps a config pushed over the API from pointing remote write at file:// or similar).
            errors.Add($"remote_write url scheme must be http or https, got \"{uri.Scheme}\"");
        }

        ScrapeConfig.CheckRelabelRules(WriteRelabelConfigs, "empty or null relabeling rule in remote write config", errors);

        foreach (var header in Headers?.Keys ?? Enumerable.Empty<string>())
        {
            var lower = header.ToLowerInvariant();
            if (lower == "authorization")
            {
                errors.Add("authorization header must be changed via the basic_auth, authorization, oauth2, sigv4, or azuread parameter");
            }
            else if (ReservedHeaders.Contains(lower))
            {
                errors.Add($"{header} is a reserved header. It must not be changed");
            }
        }

        ValidateHttpClient(errors);

        var httpAuth = BasicAuth is not null || Authorization is not null || OAuth2 is not null;
        if ((httpAuth && (SigV4 is not null || AzureAd is not null)) || (SigV4 is not null && AzureAd is not null))
        {
            errors.Add("at most one of basic_auth, authorization, oauth2, sigv4, & azuread must be configured");
        }

        // Never silently ignored: a config asking for request signing Vigil cannot do fails here, not at send time.
        if (SigV4 is not null)
        {
            errors.Add("sigv4 is not supported by Vigil yet");
        }

        if (AzureAd is not null)
        {
            errors.Add("azuread is not supported by Vigil yet");
        }
    }

    /// <summary>
    /// The first 6 hex digits of the MD5 of this config's JSON, used to name an unnamed remote_write
    /// (<c>&lt;instance&gt;-&lt;hash&gt;</c>) like Grafana Agent's <c>getHash</c>. Our JSON is System.Text.Json's rendering of
    /// these classes, not Go's encoding/json of the Prometheus structs, so the hash (and the generated name) differs from
    /// the one the Go agent prints for the same config; it is stable across Vigil restarts and changes with the content.
    /// </summary>
    public string ContentHash()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(this);
#pragma warning disable CA5351 // MD5 names a config, as in Grafana Agent; it protects nothing.
        var digest = MD5.HashData(json);
#pragma warning restore CA5351
        return Convert.ToHexStringLower(digest)[..6];
    }

    /// <summary>A deep copy (through the unscrubbed YAML form), so an instance can name its copy of a global remote_write.</summary>
    public RemoteWriteConfig Clone() =>
        VigilYaml.Deserialize<RemoteWriteConfig>(VigilYaml.Serialize(this, scrubSecrets: false)) ?? new RemoteWriteConfig();
}
