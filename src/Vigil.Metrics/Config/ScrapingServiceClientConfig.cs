using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary><c>metrics.scraping_service_client</c>: how this agent calls its peers' Reshard over gRPC. Omitted while default.</summary>
[DefaultOnNull]
public sealed class ScrapingServiceClientConfig : IZeroValue
{
    [YamlMember(Alias = "grpc_client_config")]
    [OmitEmpty]
    public GrpcClientConfig GrpcClientConfig { get; set; } = new();

    public bool IsZero() => ConfigYaml.SameAs(this, new ScrapingServiceClientConfig());

    public void Validate(List<string> errors) => (GrpcClientConfig ?? new GrpcClientConfig()).Validate(errors);
}
