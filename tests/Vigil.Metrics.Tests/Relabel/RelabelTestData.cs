using Vigil.Common.Model;
using Vigil.Common.Yaml;
using Vigil.Metrics.Relabel;

namespace Vigil.Metrics.Tests.Relabel;

/// <summary>The typical rule set and target of testdata/relabel, shared with the benchmarks' expectations.</summary>
internal static class RelabelTestData
{
    public static List<RelabelConfig> LoadTypical() =>
        VigilYaml.Deserialize<List<RelabelConfig>>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "relabel", "typical.yml")))!;

    public static Labels TypicalTarget() => Labels.FromStrings(
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
}
