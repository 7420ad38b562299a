namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>One decoded TimeSeries: ranges into the flat arrays of its <see cref="DecodedWriteRequest"/>.</summary>
internal record struct DecodedTimeSeries(
    int LabelStart,
    int LabelCount,
    int SampleStart,
    int SampleCount,
    int ExemplarStart,
    int ExemplarCount,
    int HistogramStart,
    int HistogramCount);
