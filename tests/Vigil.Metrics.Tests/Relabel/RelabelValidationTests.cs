using Vigil.Metrics.Relabel;

namespace Vigil.Metrics.Tests.Relabel;

public sealed class RelabelValidationTests
{
    public static TheoryData<string, RelabelConfig, string> Invalid => new()
    {
        { "empty-action", new() { Action = "", TargetLabel = "x" }, "relabel action cannot be empty" },
        { "unknown-action", new() { Action = "explode" }, "unknown relabel action \"explode\"" },
        { "bad-source", new() { SourceLabels = ["a-b"], TargetLabel = "x" }, "\"a-b\" is not a valid label name" },
        { "bad-regex", new() { Regex = "(", TargetLabel = "x" }, "error parsing regexp \"(\"" },
        { "lookahead-not-linear", new() { Regex = "a(?=b)", TargetLabel = "x" }, "regexp \"a(?=b)\"" },
        { "hashmod-no-modulus", new() { Action = "hashmod", TargetLabel = "x" }, "relabel configuration for hashmod requires non-zero modulus" },
        { "replace-no-target", new() { SourceLabels = ["a"] }, "relabel configuration for replace action requires 'target_label' value" },
        { "hashmod-no-target", new() { Action = "hashmod", Modulus = 2 }, "relabel configuration for hashmod action requires 'target_label' value" },
        { "lowercase-no-target", new() { Action = "lowercase" }, "relabel configuration for lowercase action requires 'target_label' value" },
        { "keepequal-no-target", new() { Action = "keepequal" }, "relabel configuration for keepequal action requires 'target_label' value" },
        { "replace-bad-target", new() { TargetLabel = "a-b" }, "\"a-b\" is invalid 'target_label' for replace action" },
        { "replace-bad-template-target", new() { TargetLabel = "${1}-x" }, "\"${1}-x\" is invalid 'target_label' for replace action" },
        { "uppercase-template-target", new() { Action = "uppercase", TargetLabel = "$1" }, "\"$1\" is invalid 'target_label' for uppercase action" },
        { "hashmod-template-target", new() { Action = "hashmod", Modulus = 2, TargetLabel = "$1" }, "\"$1\" is invalid 'target_label' for hashmod action" },
        { "lowercase-replacement", new() { Action = "lowercase", TargetLabel = "x", Replacement = "y" }, "'replacement' can not be set for lowercase action" },
        { "labelmap-bad-replacement", new() { Action = "labelmap", Replacement = "a-$1" }, "\"a-$1\" is invalid 'replacement' for labelmap action" },
        { "dropequal-regex", new() { Action = "dropequal", TargetLabel = "x", Regex = "(.*)" }, "dropequal action requires only 'source_labels' and `target_label`, and no other fields" },
        { "keepequal-separator", new() { Action = "keepequal", TargetLabel = "x", Separator = "," }, "keepequal action requires only 'source_labels' and `target_label`, and no other fields" },
        { "labeldrop-source", new() { Action = "labeldrop", SourceLabels = ["a"] }, "labeldrop action requires only 'regex', and no other fields" },
        { "labelkeep-target", new() { Action = "labelkeep", TargetLabel = "a" }, "labelkeep action requires only 'regex', and no other fields" },
        { "labelkeep-modulus", new() { Action = "labelkeep", Modulus = 3 }, "labelkeep action requires only 'regex', and no other fields" },
    };

    public static TheoryData<string, RelabelConfig> Valid => new()
    {
        { "replace-template-target", new() { TargetLabel = "${1}_x$2" } },
        { "replace-literal", new() { TargetLabel = "env", Replacement = "prod" } },
        { "keep", new() { SourceLabels = ["a"], Regex = "x", Action = "keep" } },
        { "hashmod", new() { SourceLabels = ["a"], Modulus = 8, TargetLabel = "shard", Action = "HashMod" } },
        { "labelmap", new() { Regex = "__meta_(.+)", Action = "labelmap" } },
        { "labelmap-template", new() { Regex = "__meta_(.+)", Replacement = "k_${1}", Action = "labelmap" } },
        { "labeldrop", new() { Regex = "tmp_.*", Action = "labeldrop" } },
        { "keepequal", new() { SourceLabels = ["a"], TargetLabel = "b", Action = "keepequal" } },
        { "lowercase", new() { SourceLabels = ["a"], TargetLabel = "b", Action = "lowercase" } },
        { "named-groups-posix", new() { Regex = "(?P<x>[[:alpha:]]+)\\d", TargetLabel = "b" } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidRule_ReportsPrometheusError(string name, RelabelConfig config, string expected)
    {
        var errors = config.Validate().ToList();
        Assert.True(errors.Exists(e => e.StartsWith(expected, StringComparison.Ordinal)), $"{name}: [{string.Join(" | ", errors)}]");
        Assert.Throws<ArgumentException>(() => RelabelRule.Compile(config));
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Validate_ValidRule_NoErrors(string name, RelabelConfig config)
    {
        Assert.True(!config.Validate().Any(), name + ": " + string.Join(" | ", config.Validate()));
        Assert.NotNull(RelabelRule.Compile(config));
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("_a1", true)]
    [InlineData("$1", true)]
    [InlineData("${1}x", true)]
    [InlineData("a$b_c", true)]
    [InlineData("1a", false)]
    [InlineData("$", false)]
    [InlineData("${}", false)]
    [InlineData("${1", false)]
    [InlineData("a-b", false)]
    [InlineData("", false)]
    public void IsRelabelTarget_Table(string text, bool expected) => Assert.Equal(expected, RelabelConfig.IsRelabelTarget(text));

    [Fact]
    public void Deserialize_TypicalYaml_AllValid()
    {
        var configs = RelabelTestData.LoadTypical();
        Assert.Equal(10, configs.Count);
        Assert.All(configs, c => Assert.Empty(c.Validate()));
    }
}
