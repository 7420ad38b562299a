using Vigil.Common.Model;

namespace Vigil.Metrics.TextParse;

/// <summary>
/// The per-scrape limits of a scrape config, checked the way Prometheus' scrape loop does (0 means no limit):
/// the body size while reading, the sample count and the label limits on each series after relabeling.
/// Any exceeded limit fails the whole scrape. Lengths are UTF-8 byte counts, as Go's <c>len</c>.
/// </summary>
internal sealed record ScrapeLimits(
    long BodySizeLimit = 0,
    int SampleLimit = 0,
    int LabelLimit = 0,
    int LabelNameLengthLimit = 0,
    int LabelValueLengthLimit = 0)
{
    public static ScrapeLimits None { get; } = new();

    /// <summary>
    /// Null when <paramref name="bodyBytesRead"/> is below <c>body_size_limit</c>, else the scrape error. As in
    /// Prometheus, reaching the limit exactly already fails (it reads through a reader capped at the limit and
    /// cannot tell "exactly the limit" from "more").
    /// </summary>
    public string? CheckBodySize(long bodyBytesRead) =>
        BodySizeLimit > 0 && bodyBytesRead >= BodySizeLimit
            ? "body size limit exceeded"
            : null;

    /// <summary>
    /// Null when <paramref name="samplesAdded"/> is within <c>sample_limit</c>, else the scrape error, worded exactly
    /// as Prometheus 2.42's (errSampleLimit), which is what the targets API shows.
    /// </summary>
    public string? CheckSampleCount(int samplesAdded) =>
        SampleLimit > 0 && samplesAdded > SampleLimit
            ? "sample limit exceeded"
            : null;

    /// <summary>Checks one final (relabeled) series against the label limits; null when it passes.</summary>
    public string? CheckLabels(Labels series)
    {
        if (LabelLimit > 0 && series.Count > LabelLimit)
        {
            return $"label_limit exceeded (metric: {Clip(series.Get(Label.MetricName))}, number of labels: {series.Count}, limit: {LabelLimit})";
        }

        if (LabelNameLengthLimit == 0 && LabelValueLengthLimit == 0)
        {
            return null;
        }

        foreach (var l in series.AsSpan())
        {
            var nameLength = System.Text.Encoding.UTF8.GetByteCount(l.Name);
            if (LabelNameLengthLimit > 0 && nameLength > LabelNameLengthLimit)
            {
                return $"label_name_length_limit exceeded (metric: {Clip(series.Get(Label.MetricName))}, label name: {Clip(l.Name)}, length: {nameLength}, limit: {LabelNameLengthLimit})";
            }

            var valueLength = System.Text.Encoding.UTF8.GetByteCount(l.Value);
            if (LabelValueLengthLimit > 0 && valueLength > LabelValueLengthLimit)
            {
                return $"label_value_length_limit exceeded (metric: {Clip(series.Get(Label.MetricName))}, label name: {Clip(l.Name)}, value: \"{Clip(l.Value)}\", length: {valueLength}, limit: {LabelValueLengthLimit})";
            }
        }

        return null;
    }

    private static string Clip(string s) => s.Length <= 50 ? s : s[..50];
}
