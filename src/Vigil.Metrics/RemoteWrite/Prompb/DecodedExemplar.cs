namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>A decoded Exemplar; its labels are in <see cref="DecodedWriteRequest.ExemplarLabels"/>.</summary>
internal record struct DecodedExemplar(int LabelStart, int LabelCount, double Value, long Timestamp);
