using Vigil.Common.Model;
using Vigil.Metrics.TextParse;

namespace Vigil.Metrics.Tests.TextParse;

public sealed class SeriesValidationTests
{
    [Fact]
    public void Check_ValidSeries_Null() => Assert.Null(SeriesValidation.Check(Labels.FromStrings("__name__", "up", "job", "x")));

    [Fact]
    public void Check_NoName_Fails() => Assert.Equal("__name__ label is missing", SeriesValidation.Check(Labels.FromStrings("job", "x")));

    [Fact]
    public void Check_DuplicateFromPage_Fails()
    {
        var p = new PromTextParser("a{x=\"1\",x=\"2\"} 1\n"u8.ToArray());
        Assert.Equal(Entry.Series, p.Next());
        var b = new LabelsBuilder();
        p.BuildLabels(b);
        Assert.Equal("label name \"x\" is not unique: invalid sample", SeriesValidation.Check(b.Build()));
    }

    [Fact]
    public void Check_NameLabelInBraces_Fails()
    {
        var p = new PromTextParser("a{__name__=\"b\"} 1\n"u8.ToArray());
        Assert.Equal(Entry.Series, p.Next());
        var b = new LabelsBuilder();
        p.BuildLabels(b);
        Assert.Equal("label name \"__name__\" is not unique: invalid sample", SeriesValidation.Check(b.Build()));
    }

    [Fact]
    public void Check_InvalidNameAfterRelabel_Fails() =>
        Assert.StartsWith("invalid metric name or label names", SeriesValidation.Check(Labels.FromStrings("__name__", "a-b")), StringComparison.Ordinal);
}
