using Vigil.Common.Model;
using Vigil.Metrics.Relabel;
using Vigil.Metrics.Scrape;

namespace Vigil.Metrics.Tests.Scrape;

/// <summary>Rows from Prometheus' TestScrapeLoopMutateSamples-style cases: honor_labels and exported_ renaming.</summary>
public sealed class SampleMutatorTests
{
    [Theory]
    [InlineData(false, "__name__=m,job=exposed", "__name__=m,exported_job=exposed,instance=i:1,job=j")]
    [InlineData(false, "__name__=m,exported_job=e,job=exposed", "__name__=m,exported_exported_job=exposed,exported_job=e,instance=i:1,job=j")]
    [InlineData(false, "__name__=m,instance=x,job=y", "__name__=m,exported_instance=x,exported_job=y,instance=i:1,job=j")]
    [InlineData(false, "__name__=m,job=", "__name__=m,instance=i:1,job=j")]
    [InlineData(true, "__name__=m,job=exposed", "__name__=m,instance=i:1,job=exposed")]
    [InlineData(true, "__name__=m,other=o", "__name__=m,instance=i:1,job=j,other=o")]
    [InlineData(false, "__name__=m,exported_instance=x,instance=y", "__name__=m,exported_exported_instance=y,exported_instance=x,instance=i:1,job=j")]
    public void Mutate_TargetLabels_MergedAsPrometheus(bool honorLabels, string scraped, string expected)
    {
        var mutator = new SampleMutator(Labels.FromStrings("instance", "i:1", "job", "j"), honorLabels, []);

        var result = mutator.Mutate(Parse(scraped));

        Assert.Equal(expected, Format(result!));
    }

    [Fact]
    public void Mutate_MetricRelabelDrops_ReturnsNull()
    {
        var rules = new[] { RelabelRule.Compile(new RelabelConfig { SourceLabels = ["__name__"], Regex = "go_.*", Action = "drop" }) };
        var mutator = new SampleMutator(Labels.FromStrings("job", "j"), false, rules);

        Assert.Null(mutator.Mutate(Parse("__name__=go_goroutines")));
        Assert.NotNull(mutator.Mutate(Parse("__name__=up_and_running")));
    }

    [Fact]
    public void Mutate_MetricRelabelSeesTargetLabels()
    {
        var rules = new[] { RelabelRule.Compile(new RelabelConfig { SourceLabels = ["job"], TargetLabel = "copied" }) };
        var mutator = new SampleMutator(Labels.FromStrings("job", "j"), false, rules);

        Assert.Equal("__name__=m,copied=j,job=j", Format(mutator.Mutate(Parse("__name__=m"))!));
    }

    [Fact]
    public void ReportLabels_TargetLabelsAlwaysWin()
    {
        Assert.Equal("__name__=up,instance=i:1,job=j", Format(SampleMutator.ReportLabels("up", Labels.FromStrings("instance", "i:1", "job", "j"))));
    }

    private static Labels Parse(string text) =>
        Labels.FromUnsorted(text.Split(',').Select(p => p.Split('=')).Select(p => new Label(p[0], p[1])));

    private static string Format(Labels labels) => string.Join(",", labels.Select(l => $"{l.Name}={l.Value}"));
}
