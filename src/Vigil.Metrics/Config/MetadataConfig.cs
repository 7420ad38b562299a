using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary><c>metadata_config</c> of a remote_write (Prometheus <c>config.MetadataConfig</c>).</summary>
[DefaultOnNull]
public sealed class MetadataConfig : IZeroValue
{
    [YamlMember(Alias = "send")]
    public bool Send { get; set; } = true;

    [YamlMember(Alias = "send_interval")]
    public PromDuration SendInterval { get; set; } = PromDuration.FromMinutes(1);

    [YamlMember(Alias = "max_samples_per_send")]
    [OmitEmpty]
    public int MaxSamplesPerSend { get; set; } = 2000;

    public bool IsZero() => !Send && SendInterval == PromDuration.Zero && MaxSamplesPerSend == 0;
}
