using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>
/// <c>queue_config</c> of a remote_write (Prometheus <c>config.QueueConfig</c>). Defaults are Prometheus', except
/// <c>retry_on_http_429</c>, which Grafana Agent turns on for every remote_write.
/// </summary>
[DefaultOnNull]
public sealed class QueueConfig : IZeroValue
{
    [YamlMember(Alias = "capacity")]
    [OmitEmpty]
    public int Capacity { get; set; } = 10000;

    [YamlMember(Alias = "max_shards")]
    [OmitEmpty]
    public int MaxShards { get; set; } = 50;

    [YamlMember(Alias = "min_shards")]
    [OmitEmpty]
    public int MinShards { get; set; } = 1;

    [YamlMember(Alias = "max_samples_per_send")]
    [OmitEmpty]
    public int MaxSamplesPerSend { get; set; } = 2000;

    [YamlMember(Alias = "batch_send_deadline")]
    [OmitEmpty]
    public PromDuration BatchSendDeadline { get; set; } = PromDuration.FromSeconds(5);

    [YamlMember(Alias = "min_backoff")]
    [OmitEmpty]
    public PromDuration MinBackoff { get; set; } = new(TimeSpan.FromMilliseconds(30));

    [YamlMember(Alias = "max_backoff")]
    [OmitEmpty]
    public PromDuration MaxBackoff { get; set; } = PromDuration.FromSeconds(5);

    // omitempty in Go; written even when false so that a YAML round trip keeps it off (the agent's default is true).
    [YamlMember(Alias = "retry_on_http_429")]
    public bool RetryOnRateLimit { get; set; } = true;

    /// <summary>Samples older than this are dropped instead of sent; zero keeps them all.</summary>
    [YamlMember(Alias = "sample_age_limit")]
    [OmitEmpty]
    public PromDuration SampleAgeLimit { get; set; }

    public bool IsZero() =>
        Capacity == 0 && MaxShards == 0 && MinShards == 0 && MaxSamplesPerSend == 0 && BatchSendDeadline == PromDuration.Zero &&
        MinBackoff == PromDuration.Zero && MaxBackoff == PromDuration.Zero && !RetryOnRateLimit && SampleAgeLimit == PromDuration.Zero;
}
