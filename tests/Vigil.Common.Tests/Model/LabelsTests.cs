using System.IO.Hashing;
using System.Text;
using Vigil.Common.Model;

namespace Vigil.Common.Tests.Model;

public sealed class LabelsTests
{
    [Fact]
    public void FromStrings_AnyOrder_SortedByName()
    {
        var ls = Labels.FromStrings("job", "node", "__name__", "up", "instance", "a:1");
        Assert.Equal(["__name__", "instance", "job"], ls.Select(l => l.Name));
        Assert.Equal("{__name__=\"up\", instance=\"a:1\", job=\"node\"}", ls.ToString());
    }

    [Fact]
    public void FromStrings_EmptyValue_IsAbsent()
    {
        var ls = Labels.FromStrings("a", "1", "b", "");
        Assert.Single(ls);
        Assert.False(ls.Has("b"));
        Assert.Equal(string.Empty, ls.Get("b"));
    }

    [Fact]
    public void FromStrings_OddCount_Throws() => Assert.Throws<ArgumentException>(() => Labels.FromStrings("a"));

    [Fact]
    public void FromUnsorted_Duplicates_KeptAndDetected()
    {
        var ls = Labels.FromUnsorted([new Label("b", "1"), new Label("a", "2"), new Label("b", "3")]);
        Assert.Equal(3, ls.Count);
        Assert.True(ls.HasDuplicateNames());
        Assert.Equal("a", ls[0].Name);
        Assert.False(Labels.FromStrings("a", "1", "b", "2").HasDuplicateNames());
    }

    [Fact]
    public void FromUnsorted_ManyLabels_Sorted()
    {
        var input = Enumerable.Range(0, 40).Select(i => new Label($"l{39 - i:D2}", "v")).ToList();
        var ls = Labels.FromUnsorted(input);
        Assert.Equal(input.Select(l => l.Name).Order(StringComparer.Ordinal), ls.Select(l => l.Name));
    }

    [Fact]
    public void Hash_MatchesPrometheusDefinition()
    {
        // Prometheus labels.Labels.Hash: xxhash64 over name 0xff value 0xff for each label.
        var ls = Labels.FromStrings("__name__", "up", "job", "nöde");
        var bytes = new List<byte>();
        foreach (var l in ls)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(l.Name));
            bytes.Add(0xff);
            bytes.AddRange(Encoding.UTF8.GetBytes(l.Value));
            bytes.Add(0xff);
        }

        Assert.Equal(XxHash64.HashToUInt64(bytes.ToArray()), ls.Hash());
    }

    [Fact]
    public void Hash_EmptySet_IsXxHash64OfNothing() => Assert.Equal(0xef46db3751d8e999UL, Labels.Empty.Hash());

    [Fact]
    public void Hash_LongValues_SameAsShort()
    {
        var big = new string('x', 5000);
        var ls = Labels.FromStrings("a", big);
        var expected = XxHash64.HashToUInt64([.. "a"u8, 0xff, .. Encoding.UTF8.GetBytes(big), 0xff]);
        Assert.Equal(expected, ls.Hash());
    }

    [Fact]
    public void Equals_SameContent_EqualAndSameHash()
    {
        var a = Labels.FromStrings("a", "1", "b", "2");
        var b = new LabelsBuilder().Set("b", "2").Set("a", "1").Build();
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Labels.FromStrings("a", "1", "b", "3"));
        Assert.NotEqual(a, Labels.FromStrings("a", "1"));
    }

    [Fact]
    public void ToString_EscapesValues() =>
        Assert.Equal("{a=\"x\\\\y\\\"z\\n\"}", Labels.FromStrings("a", "x\\y\"z\n").ToString());

    [Fact]
    public void Builder_SetDelGet_BehavesLikePrometheus()
    {
        var b = new LabelsBuilder(Labels.FromStrings("a", "1", "b", "2"));
        b.Set("c", "3").Set("a", "10").Del("b").Set("c", "");
        Assert.Equal("10", b.Get("a"));
        Assert.Equal(string.Empty, b.Get("b"));
        Assert.Equal(Labels.FromStrings("a", "10"), b.Build());
        Assert.Same(Labels.Empty, b.Reset().Build());
    }

    [Fact]
    public void Builder_Add_KeepsDuplicates()
    {
        var ls = new LabelsBuilder().Add("a", "1").Add("a", "2").Build();
        Assert.True(ls.HasDuplicateNames());
    }

    [Theory]
    [InlineData("up", true)]
    [InlineData("node_cpu:rate5m", true)]
    [InlineData("_x", true)]
    [InlineData(":x", true)]
    [InlineData("1x", false)]
    [InlineData("a-b", false)]
    [InlineData("a.b", false)]
    [InlineData("", false)]
    [InlineData("é", false)]
    public void IsValidMetricName_Table(string name, bool valid)
    {
        Assert.Equal(valid, NameValidation.IsValidMetricName(name));
        Assert.Equal(valid, NameValidation.IsValidMetricName(Encoding.UTF8.GetBytes(name)));
    }

    [Theory]
    [InlineData("job", true)]
    [InlineData("__name__", true)]
    [InlineData("_1", true)]
    [InlineData("a:b", false)]
    [InlineData("0a", false)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    public void IsValidLabelName_Table(string name, bool valid)
    {
        Assert.Equal(valid, NameValidation.IsValidLabelName(name));
        Assert.Equal(valid, NameValidation.IsValidLabelName(Encoding.UTF8.GetBytes(name)));
    }

    [Fact]
    public void IsValidLabelValue_InvalidUtf8_False()
    {
        Assert.True(NameValidation.IsValidLabelValue("ünïcode ✓"u8));
        Assert.False(NameValidation.IsValidLabelValue([0x61, 0xbd]));
    }
}
