using Vigil.Common.Model;
using Vigil.Metrics.Relabel;

namespace Vigil.Metrics.Tests.Relabel;

public sealed class RelabelerTests
{
    private static Labels Input => Labels.FromStrings("a", "foo", "b", "bar", "c", "baz");

    public static TheoryData<string, RelabelConfig[], string?> Cases => new()
    {
        { "replace-default-regex", [new() { SourceLabels = ["a"], TargetLabel = "d" }], "{a=\"foo\", b=\"bar\", c=\"baz\", d=\"foo\"}" },
        { "replace-groups", [new() { SourceLabels = ["a", "b"], Regex = "f(.*);(.*)r", TargetLabel = "a", Replacement = "$1${2}x" }], "{a=\"ooba x\", b=\"bar\", c=\"baz\"}".Replace(" x", "x", StringComparison.Ordinal) },
        { "replace-no-match", [new() { SourceLabels = ["a"], Regex = "nomatch", TargetLabel = "d" }], "{a=\"foo\", b=\"bar\", c=\"baz\"}" },
        { "replace-partial-not-anchored-match", [new() { SourceLabels = ["a"], Regex = "o", TargetLabel = "d" }], "{a=\"foo\", b=\"bar\", c=\"baz\"}" },
        { "replace-empty-deletes", [new() { SourceLabels = ["a"], Regex = "(f).*", TargetLabel = "b", Replacement = "$2" }], "{a=\"foo\", c=\"baz\"}" },
        { "replace-target-template", [new() { SourceLabels = ["a"], Regex = "(f)(.*)", TargetLabel = "x_$1", Replacement = "$2" }], "{a=\"foo\", b=\"bar\", c=\"baz\", x_f=\"oo\"}" },
        { "replace-invalid-expanded-target-ignored", [new() { SourceLabels = ["a", "b"], Separator = "-", TargetLabel = "${1}" }], "{a=\"foo\", b=\"bar\", c=\"baz\"}" },
        { "replace-named-group", [new() { SourceLabels = ["a"], Regex = "(?P<first>f)(?P<rest>.*)", TargetLabel = "d", Replacement = "${rest}-$first" }], "{a=\"foo\", b=\"bar\", c=\"baz\", d=\"oo-f\"}" },
        { "replace-named-and-plain-go-numbering", [new() { SourceLabels = ["a"], Regex = "(?P<x>f)(o)(o)", TargetLabel = "d", Replacement = "$1$2$3" }], "{a=\"foo\", b=\"bar\", c=\"baz\", d=\"foo\"}" },
        { "replace-dollar-name-greedy", [new() { SourceLabels = ["a"], Regex = "(.*)", TargetLabel = "d", Replacement = "$1x-" }], "{a=\"foo\", b=\"bar\", c=\"baz\", d=\"-\"}" },
        { "replace-escaped-dollar", [new() { SourceLabels = ["a"], TargetLabel = "d", Replacement = "$$1" }], "{a=\"foo\", b=\"bar\", c=\"baz\", d=\"$1\"}" },
        { "replace-missing-source-empty-fast-path", [new() { SourceLabels = ["nope"], TargetLabel = "d", Replacement = "static" }], "{a=\"foo\", b=\"bar\", c=\"baz\", d=\"static\"}" },
        { "replace-no-source-sets-literal", [new() { TargetLabel = "env", Replacement = "prod" }], "{a=\"foo\", b=\"bar\", c=\"baz\", env=\"prod\"}" },
        { "replace-separator", [new() { SourceLabels = ["a", "b", "c"], Separator = "|", TargetLabel = "d" }], "{a=\"foo\", b=\"bar\", c=\"baz\", d=\"foo|bar|baz\"}" },
        { "replace-dollar-anchor-go-semantics", [new() { SourceLabels = ["a"], Regex = "foo$", TargetLabel = "d", Replacement = "y" }], "{a=\"foo\", b=\"bar\", c=\"baz\", d=\"y\"}" },
        { "replace-digit-class", [new() { SourceLabels = ["a"], Regex = "\\w+", TargetLabel = "d", Replacement = "w" }], "{a=\"foo\", b=\"bar\", c=\"baz\", d=\"w\"}" },
        { "keep-match", [new() { SourceLabels = ["a"], Regex = "f.*", Action = "keep" }], "{a=\"foo\", b=\"bar\", c=\"baz\"}" },
        { "keep-no-match", [new() { SourceLabels = ["a"], Regex = "f", Action = "keep" }], null },
        { "keep-case-insensitive-action", [new() { SourceLabels = ["a"], Regex = "foo|x", Action = "KEEP" }], "{a=\"foo\", b=\"bar\", c=\"baz\"}" },
        { "keep-missing-label-matches-empty", [new() { SourceLabels = ["zz"], Regex = "", Action = "keep" }], "{a=\"foo\", b=\"bar\", c=\"baz\"}" },
        { "drop-match", [new() { SourceLabels = ["a", "b"], Regex = "foo;bar", Action = "drop" }], null },
        { "drop-no-match", [new() { SourceLabels = ["a"], Regex = "bar", Action = "drop" }], "{a=\"foo\", b=\"bar\", c=\"baz\"}" },
        { "keepequal-equal", [new() { SourceLabels = ["a"], TargetLabel = "a", Action = "keepequal" }], "{a=\"foo\", b=\"bar\", c=\"baz\"}" },
        { "keepequal-different", [new() { SourceLabels = ["a"], TargetLabel = "b", Action = "keepequal" }], null },
        { "dropequal-equal", [new() { SourceLabels = ["c"], TargetLabel = "c", Action = "dropequal" }], null },
        { "dropequal-different", [new() { SourceLabels = ["a"], TargetLabel = "b", Action = "dropequal" }], "{a=\"foo\", b=\"bar\", c=\"baz\"}" },
        { "hashmod-prometheus-vector", [new() { SourceLabels = ["c"], Modulus = 1000, TargetLabel = "d", Action = "hashmod" }], "{a=\"foo\", b=\"bar\", c=\"baz\", d=\"976\"}" },
        { "hashmod-joined", [new() { SourceLabels = ["a"], Modulus = 1000, TargetLabel = "d", Action = "hashmod" }], "{a=\"foo\", b=\"bar\", c=\"baz\", d=\"696\"}" },
        { "labelmap", [new() { Regex = "(b|c)", Replacement = "new_$1", Action = "labelmap" }], "{a=\"foo\", b=\"bar\", c=\"baz\", new_b=\"bar\", new_c=\"baz\"}" },
        { "labelmap-default-replacement", [new() { Regex = "(a)", Action = "labelmap" }], "{a=\"foo\", b=\"bar\", c=\"baz\"}" },
        { "labeldrop", [new() { Regex = "a|c", Action = "labeldrop" }], "{b=\"bar\"}" },
        { "labelkeep", [new() { Regex = "[ab]", Action = "labelkeep" }], "{a=\"foo\", b=\"bar\"}" },
        { "lowercase", [new() { SourceLabels = ["a", "b"], TargetLabel = "d", Action = "lowercase" }, new() { SourceLabels = ["d"], Regex = "(.*)", TargetLabel = "d", Replacement = "$1-ÄB" }, new() { SourceLabels = ["d"], TargetLabel = "e", Action = "lowercase" }], "{a=\"foo\", b=\"bar\", c=\"baz\", d=\"foo;bar-ÄB\", e=\"foo;bar-äb\"}" },
        { "uppercase", [new() { SourceLabels = ["a"], TargetLabel = "a", Action = "uppercase" }], "{a=\"FOO\", b=\"bar\", c=\"baz\"}" },
        { "chain-sees-previous-result", [new() { SourceLabels = ["a"], TargetLabel = "x" }, new() { SourceLabels = ["x"], Regex = "foo", Action = "drop" }], null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Process_Table(string name, RelabelConfig[] configs, string? expected)
    {
        var rules = configs.Select(RelabelRule.Compile).ToList();
        var result = Relabeler.Process(Input, rules);
        Assert.True(expected == result?.ToString(), $"{name}: expected {expected ?? "dropped"}, got {result?.ToString() ?? "dropped"}");
    }

    [Theory]
    [InlineData("baz", 1000UL, 976UL)]
    [InlineData("foo", 1000UL, 696UL)]
    [InlineData("", 7UL, 1UL)]
    [InlineData("10.0.0.1:9100", 3UL, 2UL)]
    [InlineData("a;b", 9223372036854775808UL, 2420134994223480074UL)]
    [InlineData("ünï", 12345UL, 2573UL)]
    [InlineData("node-1:9100", 2UL, 1UL)]
    public void HashMod_Vectors_MatchPrometheus(string value, ulong modulus, ulong expected) =>
        Assert.Equal(expected, HashMod.Compute(value, modulus));

    [Fact]
    public void Process_ValueWithNewline_DefaultRegexDoesNotMatch()
    {
        var rules = new[] { RelabelRule.Compile(new RelabelConfig { SourceLabels = ["a"], TargetLabel = "d" }) };
        var result = Relabeler.Process(Labels.FromStrings("a", "x\ny"), rules);
        Assert.Equal("{a=\"x\\ny\"}", result!.ToString());
    }

    [Fact]
    public void Process_CatastrophicPattern_LinearTime()
    {
        var rules = new[] { RelabelRule.Compile(new RelabelConfig { SourceLabels = ["a"], Regex = "(a+)+b", Action = "keep" }) };
        var result = Relabeler.Process(Labels.FromStrings("a", new string('a', 50_000)), rules);
        Assert.Null(result);
    }

    [Fact]
    public void Process_TypicalRuleSet_KubernetesTarget()
    {
        var rules = RelabelTestData.LoadTypical().Select(RelabelRule.Compile).ToList();
        var result = Relabeler.Process(RelabelTestData.TypicalTarget(), rules);
        Assert.Equal(
            "{__address__=\"10.1.2.3:9102\", __meta_kubernetes_namespace=\"monitoring\", __meta_kubernetes_pod_label_app=\"api\", " +
            "__meta_kubernetes_pod_label_tier=\"backend\", __meta_kubernetes_pod_name=\"api-7d9f8-x2x\", __meta_kubernetes_pod_node_name=\"node-3\", " +
            "__meta_kubernetes_pod_phase=\"Running\", __metrics_path__=\"/stats\", __scheme__=\"http\", __tmp_hash=\"" +
            HashMod.Compute("10.1.2.3:9102", 4) + "\", app=\"api\", job=\"kubernetes-pods\", namespace=\"monitoring\", node=\"node-3\", " +
            "pod=\"api-7d9f8-x2x\", tier=\"backend\"}",
            result!.ToString());
    }
}
