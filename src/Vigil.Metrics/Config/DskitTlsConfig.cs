using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>
/// dskit <c>tls.ClientConfig</c>, inlined in the etcd and gRPC client blocks (which derive from it); the <c>Order</c>
/// values place its keys where Go writes them.
/// </summary>
public class DskitTlsConfig
{
    [YamlMember(Alias = "tls_cert_path", Order = 30)]
    public string CertPath { get; set; } = string.Empty;

    [YamlMember(Alias = "tls_key_path", Order = 31)]
    public string KeyPath { get; set; } = string.Empty;

    [YamlMember(Alias = "tls_ca_path", Order = 32)]
    public string CaPath { get; set; } = string.Empty;

    [YamlMember(Alias = "tls_server_name", Order = 33)]
    public string ServerName { get; set; } = string.Empty;

    [YamlMember(Alias = "tls_insecure_skip_verify", Order = 34)]
    public bool InsecureSkipVerify { get; set; }

    [YamlMember(Alias = "tls_cipher_suites", Order = 35)]
    public string CipherSuites { get; set; } = string.Empty;

    [YamlMember(Alias = "tls_min_version", Order = 36)]
    public string MinVersion { get; set; } = string.Empty;
}
