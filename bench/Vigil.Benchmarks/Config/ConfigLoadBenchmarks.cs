using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Vigil.Common.Yaml;
using Vigil.Metrics.Config;

namespace Vigil.Benchmarks.Config;

/// <summary>
/// The cost of a config load and of <c>/-/config</c>: decoding a metrics block with 10 instances of 20 jobs each, applying
/// defaults (which hashes every unnamed remote_write), and writing it back scrubbed. Paid on start-up and on every reload.
/// </summary>
[MemoryDiagnoser]
public class ConfigLoadBenchmarks
{
    private string _text = string.Empty;
    private MetricsConfig _defaulted = new();

    [GlobalSetup]
    public void Setup()
    {
        var sb = new StringBuilder("wal_directory: /tmp/wal\nconfigs:\n");
        for (var i = 0; i < 10; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"- name: instance-{i}\n  scrape_configs:\n");
            for (var j = 0; j < 20; j++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  - job_name: job-{j}\n    scrape_interval: 15s\n    basic_auth:\n      username: u\n      password: p\n");
                sb.Append(CultureInfo.InvariantCulture, $"    static_configs:\n    - targets: ['10.0.{i}.{j}:9100', '10.1.{i}.{j}:9100']\n      labels:\n        team: t{j}\n");
                sb.Append("    relabel_configs:\n    - source_labels: [__address__]\n      target_label: instance\n");
            }

            sb.Append("  remote_write:\n  - url: http://localhost:9009/api/prom/push\n    queue_config:\n      max_shards: 10\n");
        }

        _text = sb.ToString();
        _defaulted = Load();
    }

    [Benchmark]
    public MetricsConfig Load()
    {
        var config = VigilYaml.Deserialize<MetricsConfig>(_text)!;
        var errors = new List<string>();
        config.ApplyDefaults(errors);
        return config;
    }

    [Benchmark]
    public string SerializeScrubbed() => VigilYaml.Serialize(_defaulted, scrubSecrets: true);
}
