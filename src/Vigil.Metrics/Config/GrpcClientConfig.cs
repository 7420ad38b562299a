using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>dskit <c>grpcclient.Config</c> with the defaults the agent's flags give it.</summary>
[DefaultOnNull]
public sealed class GrpcClientConfig : DskitTlsConfig, IZeroValue
{
    private const int DefaultMessageSize = 100 << 20;
    private const int DefaultWindowSize = 65535;

    [YamlMember(Alias = "max_recv_msg_size", Order = 1)]
    public int MaxRecvMsgSize { get; set; } = DefaultMessageSize;

    [YamlMember(Alias = "max_send_msg_size", Order = 2)]
    public int MaxSendMsgSize { get; set; } = DefaultMessageSize;

    [YamlMember(Alias = "grpc_compression", Order = 3)]
    public string GrpcCompression { get; set; } = string.Empty;

    [YamlMember(Alias = "rate_limit", Order = 4)]
    public double RateLimit { get; set; }

    [YamlMember(Alias = "rate_limit_burst", Order = 5)]
    public int RateLimitBurst { get; set; }

    [YamlMember(Alias = "backoff_on_ratelimits", Order = 6)]
    public bool BackoffOnRateLimits { get; set; }

    [YamlMember(Alias = "backoff_config", Order = 7)]
    public BackoffConfig BackoffConfig { get; set; } = new();

    [YamlMember(Alias = "initial_stream_window_size", Order = 8)]
    public long InitialStreamWindowSize { get; set; } = DefaultWindowSize;

    [YamlMember(Alias = "initial_connection_window_size", Order = 9)]
    public long InitialConnectionWindowSize { get; set; } = DefaultWindowSize;

    [YamlMember(Alias = "tls_enabled", Order = 10)]
    public bool TlsEnabled { get; set; }

    [YamlMember(Alias = "connect_timeout", Order = 40)]
    public Duration ConnectTimeout { get; set; } = Duration.FromSeconds(5);

    [YamlMember(Alias = "connect_backoff_base_delay", Order = 41)]
    public Duration ConnectBackoffBaseDelay { get; set; } = Duration.FromSeconds(1);

    [YamlMember(Alias = "connect_backoff_max_delay", Order = 42)]
    public Duration ConnectBackoffMaxDelay { get; set; } = Duration.FromSeconds(5);

    public bool IsZero() => ConfigYaml.SameAs(this, new GrpcClientConfig());

    public void Validate(List<string> errors)
    {
        if (GrpcCompression is not ("" or "gzip" or "snappy"))
        {
            errors.Add($"unsupported compression type: {GrpcCompression}");
        }
    }
}
