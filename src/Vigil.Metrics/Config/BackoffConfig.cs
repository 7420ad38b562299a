using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>dskit <c>backoff.Config</c>: retry delays of the scraping-service gRPC client.</summary>
[DefaultOnNull]
public sealed class BackoffConfig
{
    [YamlMember(Alias = "min_period")]
    public Duration MinPeriod { get; set; } = new(TimeSpan.FromMilliseconds(100));

    [YamlMember(Alias = "max_period")]
    public Duration MaxPeriod { get; set; } = Duration.FromSeconds(10);

    /// <summary>Zero means retry forever.</summary>
    [YamlMember(Alias = "max_retries")]
    public int MaxRetries { get; set; } = 10;
}
