namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>A decoded native histogram; spans, deltas and counts are ranges into the flat arrays of the request.</summary>
internal struct DecodedHistogram
{
    public OneofCase CountCase;
    public ulong CountInt;
    public double CountFloat;
    public double Sum;
    public int Schema;
    public double ZeroThreshold;
    public OneofCase ZeroCountCase;
    public ulong ZeroCountInt;
    public double ZeroCountFloat;
    public int NegativeSpanStart;
    public int NegativeSpanCount;
    public int NegativeDeltaStart;
    public int NegativeDeltaCount;
    public int NegativeCountStart;
    public int NegativeCountCount;
    public int PositiveSpanStart;
    public int PositiveSpanCount;
    public int PositiveDeltaStart;
    public int PositiveDeltaCount;
    public int PositiveCountStart;
    public int PositiveCountCount;
    public HistogramResetHint ResetHint;
    public long Timestamp;
}
