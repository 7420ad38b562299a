using Vigil.Common.Model;

namespace Vigil.Metrics.TextParse;

/// <summary>
/// The checks Prometheus' scrape loop makes on each new series after relabeling (scrape.go append): a metric
/// name must be present and valid, every label name valid and unique. A failure fails the whole scrape.
/// </summary>
internal static class SeriesValidation
{
    /// <summary>Null when <paramref name="series"/> may be stored, else the scrape error.</summary>
    public static string? Check(Labels series)
    {
        var name = series.Get(Label.MetricName);
        if (name.Length == 0)
        {
            return "__name__ label is missing";
        }

        var span = series.AsSpan();
        for (var i = 0; i < span.Length; i++)
        {
            var l = span[i];
            if (i > 0 && l.Name == span[i - 1].Name)
            {
                return $"label name \"{l.Name}\" is not unique: invalid sample";
            }

            var valid = l.Name == Label.MetricName ? NameValidation.IsValidMetricName(l.Value) : NameValidation.IsValidLabelName(l.Name);
            if (!valid)
            {
                return $"invalid metric name or label names: {series}";
            }
        }

        return null;
    }
}
