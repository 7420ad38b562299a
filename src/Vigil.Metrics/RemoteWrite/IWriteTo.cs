namespace Vigil.Metrics.RemoteWrite;

/// <summary>
/// What a WAL watcher feeds (the shape of Prometheus' <c>wlog.WriteTo</c>): series first, then the samples that refer
/// to them. Calls come from one watcher thread. The spans are only read during the call; nothing in them is kept
/// except the <c>Labels</c> objects and histogram objects, which must not change afterwards.
/// </summary>
internal interface IWriteTo
{
    /// <summary>Learns (or re-learns) series seen in WAL segment <paramref name="segment"/>.</summary>
    void StoreSeries(ReadOnlySpan<RefSeries> series, int segment);

    /// <summary>Marks series as still alive in <paramref name="segment"/> (from a checkpoint), without changing their labels.</summary>
    void UpdateSeriesSegment(ReadOnlySpan<RefSeries> series, int segment);

    /// <summary>Forgets series last seen before <paramref name="segment"/>: the WAL has been truncated past them.</summary>
    void SeriesReset(int segment);

    /// <summary>Enqueues samples, blocking while the queues are full. False only when the queue is shutting down.</summary>
    bool Append(ReadOnlySpan<RefSample> samples);

    bool AppendExemplars(ReadOnlySpan<RefExemplar> exemplars);

    bool AppendHistograms(ReadOnlySpan<RefHistogramSample> histograms);
}
