namespace Vigil.Metrics.RemoteWrite.Queue;

/// <summary>What a pending entry carries; each becomes one TimeSeries in the request, as in Prometheus.</summary>
internal enum PendingKind : byte
{
    Sample,
    Exemplar,
    Histogram,
}
