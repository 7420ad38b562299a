using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>
/// A KV store block (dskit <c>kv.Config</c>). Vigil's stores are <c>embedded</c> (the default: a SQLite file in the data
/// directory), <c>etcd</c> and <c>inmemory</c> (ARCHITECTURE decision 5); dskit's default was consul. The consul and multi
/// blocks are read so that Grafana Agent configs decode, but selecting those stores is an error.
/// </summary>
[DefaultOnNull]
public sealed class KvStoreConfig
{
    public const string StoreEmbedded = "embedded";
    public const string StoreEtcd = "etcd";
    public const string StoreInMemory = "inmemory";

    private string _prefix = ScrapingServiceConfig.DefaultConfigPrefix;

    [YamlMember(Alias = "store")]
    public string Store { get; set; } = StoreEmbedded;

    [YamlMember(Alias = "prefix")]
    public string Prefix
    {
        get => _prefix;
        set
        {
            _prefix = value;
            PrefixSet = true;
        }
    }

    /// <summary>
    /// Whether the YAML (or code) set <c>prefix</c>. dskit fills defaults before decoding, so a <c>kvstore</c> block
    /// without a prefix keeps the default of where it sits (<c>collectors/</c> for the ring); here the block is built
    /// new, so its owner applies its own default when this is false.
    /// </summary>
    [YamlIgnore]
    internal bool PrefixSet { get; private set; }

    [YamlMember(Alias = "consul")]
    public ConsulConfig Consul { get; set; } = new();

    [YamlMember(Alias = "etcd")]
    public EtcdConfig Etcd { get; set; } = new();

    [YamlMember(Alias = "multi")]
    public MultiKvConfig Multi { get; set; } = new();

    public void Validate(string path, List<string> errors)
    {
        switch (Store)
        {
            case StoreEmbedded or StoreInMemory:
                break;
            case StoreEtcd:
                if ((Etcd?.Endpoints?.Count ?? 0) == 0)
                {
                    errors.Add($"{path}.etcd.endpoints must not be empty when {path}.store is etcd");
                }

                break;
            case "consul" or "memberlist" or "multi":
                errors.Add($"{path}.store {Store} is not supported by Vigil; supported values: embedded, etcd, inmemory");
                break;
            default:
                errors.Add($"invalid KV store type: {Store}");
                break;
        }
    }
}
