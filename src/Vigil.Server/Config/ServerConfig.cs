using YamlDotNet.Serialization;

namespace Vigil.Server.Config;

/// <summary>The <c>server:</c> block. Listen addresses are flags, not YAML, as in Grafana Agent.</summary>
internal sealed class ServerConfig
{
    public static readonly string[] LogLevels = ["debug", "info", "warn", "error"];
    public static readonly string[] LogFormats = ["logfmt", "json"];

    [YamlMember(Alias = "log_level")]
    public string LogLevel { get; set; } = "info";

    [YamlMember(Alias = "log_format")]
    public string LogFormat { get; set; } = "logfmt";

    [YamlMember(Alias = "http_tls_config")]
    public ServerTlsConfig? HttpTlsConfig { get; set; }

    [YamlMember(Alias = "grpc_tls_config")]
    public ServerTlsConfig? GrpcTlsConfig { get; set; }

    public void Validate(List<string> errors)
    {
        if (!LogLevels.Contains(LogLevel, StringComparer.Ordinal))
        {
            errors.Add($"server: unrecognized log level \"{LogLevel}\" (use one of {string.Join(", ", LogLevels)})");
        }

        if (!LogFormats.Contains(LogFormat, StringComparer.Ordinal))
        {
            errors.Add($"server: unrecognized log format \"{LogFormat}\" (use logfmt or json)");
        }
    }
}
