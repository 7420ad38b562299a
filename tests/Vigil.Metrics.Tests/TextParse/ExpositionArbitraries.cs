using FsCheck;
using FsCheck.Fluent;
using Vigil.Common.Model;

namespace Vigil.Metrics.Tests.TextParse;

/// <summary>FsCheck generators: valid names, hostile-but-legal label values, every kind of float.</summary>
public static class ExpositionArbitraries
{
    private const string NameStart = "abcxyzABCXYZ_:";
    private const string NameRest = "abcxyzABCXYZ_:0189";

    public static Arbitrary<GeneratedSeries[]> SeriesSet() => Arb.From(
        from count in Gen.Choose(0, 20)
        from series in Gen.ArrayOf(Series(), count)
        select series);

    // Text 0.0.4 has no negative timestamps (Prometheus lexes them as digits only), so none are generated.
    private static Gen<GeneratedSeries> Series() =>
        from name in Name(NameStart, NameRest)
        from labelCount in Gen.Choose(0, 5)
        from names in Gen.ArrayOf(Name(NameStart.Replace(":", string.Empty, StringComparison.Ordinal), NameRest.Replace(":", string.Empty, StringComparison.Ordinal)), labelCount)
        from values in Gen.ArrayOf(LabelValue(), labelCount)
        from braces in Gen.Elements(true, false)
        from value in Value()
        from hasTs in Gen.Elements(true, false)
        from ts in Gen.Choose(0, int.MaxValue)
        select new GeneratedSeries(
            name,
            names.Distinct(StringComparer.Ordinal).Where(n => n != Label.MetricName).Select((n, i) => new Label(n, values[i])).ToArray(),
            braces,
            value,
            hasTs ? ts * 1000L : null);

    private static Gen<string> Name(string start, string rest) =>
        from first in Gen.Elements(start.ToCharArray())
        from length in Gen.Choose(0, 12)
        from tail in Gen.ArrayOf(Gen.Elements(rest.ToCharArray()), length)
        select first + new string(tail);

    private static Gen<string> LabelValue() =>
        from length in Gen.Choose(0, 10)
        from chars in Gen.ArrayOf(Gen.Elements("ab \t\\\"\nü✓{},=#0.".ToCharArray()), length)
        select new string(chars);

    private static Gen<double> Value() => Gen.OneOf(
        Gen.Elements(0.0, -0.0, 1.0, -1.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue, double.MinValue, 1e-300, 123456789012345678.0),
        from i in Gen.Choose(int.MinValue, int.MaxValue) select (double)i,
        from a in Gen.Choose(int.MinValue, int.MaxValue)
        from b in Gen.Choose(1, int.MaxValue)
        from e in Gen.Choose(-300, 300)
        select a / (double)b * Math.Pow(10, e));
}
