using System.IO.Compression;
using System.Text;
using Vigil.Common.Yaml;
using Vigil.Metrics.Config;

namespace Vigil.ScrapingService.ConfigStore;

/// <summary>
/// The stored form of an instance config: gzip-compressed YAML, as Grafana Agent's <c>agentConfig/yaml</c> codec
/// writes it, so a KV store can be shared with Go agents. Secrets are stored as they are (the store is trusted); an
/// empty value decodes to null, Grafana Agent's "deleted" signal.
/// </summary>
public static class ConfigCodec
{
    public static byte[] Encode(InstanceConfig config)
    {
        var yaml = Encoding.UTF8.GetBytes(VigilYaml.Serialize(config, scrubSecrets: false));
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(yaml);
        }

        return buffer.ToArray();
    }

    /// <summary>Decodes a stored value; throws <see cref="InvalidDataException"/> or <see cref="YamlConfigException"/> when unreadable.</summary>
    public static InstanceConfig? Decode(byte[] value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        using var gzip = new GZipStream(new MemoryStream(value), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return VigilYaml.Deserialize<InstanceConfig>(reader.ReadToEnd());
    }
}
