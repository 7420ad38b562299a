using BenchmarkDotNet.Attributes;
using Vigil.Common.Model;
using Vigil.Common.Yaml;
using Vigil.Metrics.Relabel;

namespace Vigil.Benchmarks.Relabel;

/// <summary>Relabeling one Kubernetes-style target with the ten typical rules of testdata/relabel/typical.yml.</summary>
[MemoryDiagnoser]
public class RelabelBenchmarks
{
    private readonly LabelsBuilder _builder = new();
    private List<RelabelRule> _rules = [];
    private Labels _target = Labels.Empty;
    private Labels _series = Labels.Empty;
    private List<RelabelRule> _metricRules = [];

    [GlobalSetup]
    public void Setup()
    {
        var yaml = File.ReadAllText(RepoFiles.Path("tests", "Vigil.Metrics.Tests", "testdata", "relabel", "typical.yml"));
        _rules = VigilYaml.Deserialize<List<RelabelConfig>>(yaml)!.Select(RelabelRule.Compile).ToList();
        _target = Labels.FromStrings(
            "__address__", "10.1.2.3:8080",
            "__meta_kubernetes_namespace", "monitoring",
            "__meta_kubernetes_pod_name", "api-7d9f8-x2x",
            "__meta_kubernetes_pod_node_name", "node-3",
            "__meta_kubernetes_pod_phase", "Running",
            "__meta_kubernetes_pod_label_app", "api",
            "__meta_kubernetes_pod_label_tier", "backend",
            "__meta_kubernetes_pod_annotation_prometheus_io_scrape", "true",
            "__meta_kubernetes_pod_annotation_prometheus_io_port", "9102",
            "__meta_kubernetes_pod_annotation_prometheus_io_path", "/stats",
            "__scheme__", "http",
            "job", "kubernetes-pods");

        // metric_relabel_configs as commonly written: drop noisy families, rename, strip labels.
        _metricRules = new RelabelConfig[]
        {
            new() { SourceLabels = ["__name__"], Regex = "go_gc_.*|go_memstats_.*", Action = "drop" },
            new() { SourceLabels = ["__name__"], Regex = "node_(.*)", TargetLabel = "__name__", Replacement = "host_$1" },
            new() { Regex = "id|uid", Action = "labeldrop" },
            new() { SourceLabels = ["instance"], Regex = "([^:]+):.*", TargetLabel = "host" },
            new() { SourceLabels = ["mode"], Regex = "idle", Action = "drop" },
            new() { TargetLabel = "env", Replacement = "prod" },
            new() { SourceLabels = ["device"], Regex = "(lo|veth.*)", Action = "drop" },
            new() { SourceLabels = ["cpu"], TargetLabel = "core" },
            new() { SourceLabels = ["job", "instance"], Separator = "/", TargetLabel = "target" },
            new() { SourceLabels = ["__name__"], Regex = "host_cpu_seconds_total|host_memory_.*|host_filesystem_.*", Action = "keep" },
        }.Select(RelabelRule.Compile).ToList();
        _series = Labels.FromStrings("__name__", "node_cpu_seconds_total", "cpu", "3", "mode", "user", "instance", "10.1.2.3:9100", "job", "node");
    }

    [Benchmark]
    public bool TargetTypicalRules() => Relabeler.Process(_builder.Reset(_target), _rules);

    [Benchmark]
    public bool SeriesMetricRelabelRules() => Relabeler.Process(_builder.Reset(_series), _metricRules);

    [Benchmark]
    public Labels? SeriesMetricRelabelRulesToLabels() => Relabeler.Process(_series, _metricRules);
}
