using System.Globalization;
using Vigil.Wal.Records;

namespace Vigil.Metrics.Storage;

/// <summary>The consistency checks of Prometheus tsdb.ValidateHistogram and ValidateFloatHistogram.</summary>
internal static class HistogramValidation
{
    /// <summary>Null when valid, else the reason.</summary>
    public static string? Validate(Histogram h)
    {
        var negative = CheckIntBuckets(h.NegativeSpans, h.NegativeBuckets, "negative side", out var nCount);
        if (negative is not null)
        {
            return negative;
        }

        var positive = CheckIntBuckets(h.PositiveSpans, h.PositiveBuckets, "positive side", out var pCount);
        if (positive is not null)
        {
            return positive;
        }

        var total = nCount + pCount + h.ZeroCount;
        return !double.IsNaN(h.Sum) && h.Count < total
            ? $"{h.Count.ToString(CultureInfo.InvariantCulture)} observations found in buckets, but the Count field is {total.ToString(CultureInfo.InvariantCulture)}: histogram's observation count should be at least the number of observations found in the buckets"
            : null;
    }

    public static string? Validate(FloatHistogram h)
    {
        var negative = CheckFloatBuckets(h.NegativeSpans, h.NegativeBuckets, "negative side");
        return negative ?? CheckFloatBuckets(h.PositiveSpans, h.PositiveBuckets, "positive side");
    }

    private static string? CheckSpans(IList<HistogramSpan> spans, int buckets, string side)
    {
        long spanBuckets = 0;
        for (var i = 0; i < spans.Count; i++)
        {
            if (i > 0 && spans[i].Offset < 0)
            {
                return $"{side}: span number {i + 1} with offset {spans[i].Offset}: histogram has a span whose offset is negative";
            }

            spanBuckets += spans[i].Length;
        }

        return spanBuckets != buckets
            ? $"{side}: spans need {spanBuckets} buckets, have {buckets} buckets: histogram spans specify different number of buckets than provided"
            : null;
    }

    private static string? CheckIntBuckets(IList<HistogramSpan> spans, IList<long> deltas, string side, out ulong count)
    {
        count = 0;
        var spanError = CheckSpans(spans, deltas.Count, side);
        if (spanError is not null)
        {
            return spanError;
        }

        long current = 0;
        foreach (var d in deltas)
        {
            current += d;
            if (current < 0)
            {
                return $"{side}: bucket has observation count of {current}: histogram has a bucket whose observation count is negative";
            }

            count += (ulong)current;
        }

        return null;
    }

    private static string? CheckFloatBuckets(IList<HistogramSpan> spans, IList<double> buckets, string side)
    {
        var spanError = CheckSpans(spans, buckets.Count, side);
        if (spanError is not null)
        {
            return spanError;
        }

        foreach (var b in buckets)
        {
            if (b < 0)
            {
                return $"{side}: bucket has observation count of {b.ToString(CultureInfo.InvariantCulture)}: histogram has a bucket whose observation count is negative";
            }
        }

        return null;
    }
}
