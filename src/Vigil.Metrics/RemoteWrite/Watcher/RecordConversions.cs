using Vigil.Metrics.RemoteWrite.Prompb;
using WalRecords = Vigil.Wal.Records;

namespace Vigil.Metrics.RemoteWrite.Watcher;

/// <summary>Turns decoded WAL records into the queue's input types.</summary>
internal static class RecordConversions
{
    public static NativeHistogram ToNative(WalRecords.Histogram h, long t) => new()
    {
        CountCase = OneofCase.Int,
        CountInt = h.Count,
        Sum = h.Sum,
        Schema = h.Schema,
        ZeroThreshold = h.ZeroThreshold,
        ZeroCountCase = OneofCase.Int,
        ZeroCountInt = h.ZeroCount,
        NegativeSpans = Spans(h.NegativeSpans),
        NegativeDeltas = [.. h.NegativeBuckets],
        PositiveSpans = Spans(h.PositiveSpans),
        PositiveDeltas = [.. h.PositiveBuckets],
        ResetHint = Hint(h.CounterResetHint),
        Timestamp = t,
    };

    public static NativeHistogram ToNative(WalRecords.FloatHistogram h, long t) => new()
    {
        CountCase = OneofCase.Float,
        CountFloat = h.Count,
        Sum = h.Sum,
        Schema = h.Schema,
        ZeroThreshold = h.ZeroThreshold,
        ZeroCountCase = OneofCase.Float,
        ZeroCountFloat = h.ZeroCount,
        NegativeSpans = Spans(h.NegativeSpans),
        NegativeCounts = [.. h.NegativeBuckets],
        PositiveSpans = Spans(h.PositiveSpans),
        PositiveCounts = [.. h.PositiveBuckets],
        ResetHint = Hint(h.CounterResetHint),
        Timestamp = t,
    };

    private static BucketSpan[] Spans(IList<WalRecords.HistogramSpan> spans)
    {
        var result = new BucketSpan[spans.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new BucketSpan(spans[i].Offset, spans[i].Length);
        }

        return result;
    }

    private static HistogramResetHint Hint(WalRecords.CounterResetHint hint) => hint switch
    {
        WalRecords.CounterResetHint.CounterReset => HistogramResetHint.Yes,
        WalRecords.CounterResetHint.NotCounterReset => HistogramResetHint.No,
        WalRecords.CounterResetHint.Gauge => HistogramResetHint.Gauge,
        _ => HistogramResetHint.Unknown,
    };
}
