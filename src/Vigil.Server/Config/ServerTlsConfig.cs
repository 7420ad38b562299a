using YamlDotNet.Serialization;

namespace Vigil.Server.Config;

/// <summary>
/// <c>server.http_tls_config</c> / <c>grpc_tls_config</c> (dskit/exporter-toolkit web TLS). Parsed and validated so that
/// existing configs load; Vigil serves TLS only when the matching <c>-server.*.enable-tls</c> flag is given, which this
/// version does not offer yet (see docs/compatibility.md).
/// </summary>
internal sealed class ServerTlsConfig
{
    [YamlMember(Alias = "cert_file")]
    public string? CertFile { get; set; }

    [YamlMember(Alias = "key_file")]
    public string? KeyFile { get; set; }

    [YamlMember(Alias = "client_auth_type")]
    public string? ClientAuthType { get; set; }

    [YamlMember(Alias = "client_ca_file")]
    public string? ClientCaFile { get; set; }

    [YamlMember(Alias = "cipher_suites")]
    public List<string>? CipherSuites { get; set; }

    [YamlMember(Alias = "curve_preferences")]
    public List<string>? CurvePreferences { get; set; }

    [YamlMember(Alias = "min_version")]
    public string? MinVersion { get; set; }

    [YamlMember(Alias = "max_version")]
    public string? MaxVersion { get; set; }

    [YamlMember(Alias = "prefer_server_cipher_suites")]
    public bool? PreferServerCipherSuites { get; set; }

    [YamlMember(Alias = "windows_certificate_filter")]
    public Dictionary<string, object?>? WindowsCertificateFilter { get; set; }
}
