using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary><c>tls_config</c> of an HTTP client (prometheus/common <c>config.TLSConfig</c>).</summary>
[DefaultOnNull]
public sealed class TlsConfig : IZeroValue
{
    private static readonly string[] Versions = ["TLS10", "TLS11", "TLS12", "TLS13"];

    [YamlMember(Alias = "ca")]
    [OmitEmpty]
    public string Ca { get; set; } = string.Empty;

    [YamlMember(Alias = "cert")]
    [OmitEmpty]
    public string Cert { get; set; } = string.Empty;

    [YamlMember(Alias = "key")]
    [OmitEmpty]
    public Secret? Key { get; set; }

    [YamlMember(Alias = "ca_file")]
    [OmitEmpty]
    public string CaFile { get; set; } = string.Empty;

    [YamlMember(Alias = "cert_file")]
    [OmitEmpty]
    public string CertFile { get; set; } = string.Empty;

    [YamlMember(Alias = "key_file")]
    [OmitEmpty]
    public string KeyFile { get; set; } = string.Empty;

    [YamlMember(Alias = "server_name")]
    [OmitEmpty]
    public string ServerName { get; set; } = string.Empty;

    [YamlMember(Alias = "insecure_skip_verify")]
    public bool InsecureSkipVerify { get; set; }

    [YamlMember(Alias = "min_version")]
    [OmitEmpty]
    public string MinVersion { get; set; } = string.Empty;

    [YamlMember(Alias = "max_version")]
    [OmitEmpty]
    public string MaxVersion { get; set; } = string.Empty;

    public bool IsZero() =>
        string.IsNullOrEmpty(Ca) && string.IsNullOrEmpty(Cert) && string.IsNullOrEmpty(Key?.Value) &&
        string.IsNullOrEmpty(CaFile) && string.IsNullOrEmpty(CertFile) && string.IsNullOrEmpty(KeyFile) &&
        string.IsNullOrEmpty(ServerName) && !InsecureSkipVerify && string.IsNullOrEmpty(MinVersion) && string.IsNullOrEmpty(MaxVersion);

    /// <summary>Prometheus' <c>TLSConfig</c> decode-time checks, in its order and words.</summary>
    public void Validate(List<string> errors)
    {
        foreach (var version in new[] { MinVersion, MaxVersion })
        {
            if (!string.IsNullOrEmpty(version) && Array.IndexOf(Versions, version) < 0)
            {
                errors.Add($"unknown TLS version: {version}");
            }
        }

        if (!string.IsNullOrEmpty(Ca) && !string.IsNullOrEmpty(CaFile))
        {
            errors.Add("at most one of ca and ca_file must be configured");
        }

        if (!string.IsNullOrEmpty(Cert) && !string.IsNullOrEmpty(CertFile))
        {
            errors.Add("at most one of cert and cert_file must be configured");
        }

        var hasKey = !string.IsNullOrEmpty(Key?.Value);
        if (hasKey && !string.IsNullOrEmpty(KeyFile))
        {
            errors.Add("at most one of key and key_file must be configured");
        }

        var usingCert = !string.IsNullOrEmpty(Cert) || !string.IsNullOrEmpty(CertFile);
        var usingKey = hasKey || !string.IsNullOrEmpty(KeyFile);
        if (usingCert && !usingKey)
        {
            errors.Add("exactly one of key or key_file must be configured when a client certificate is configured");
        }
        else if (usingKey && !usingCert)
        {
            errors.Add("exactly one of cert or cert_file must be configured when a client key is configured");
        }
    }
}
