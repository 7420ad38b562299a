using Vigil.Common.Model;
using Vigil.Wal.Records;

namespace Vigil.Metrics.Storage;

/// <summary>
/// Buffers samples for one batch (a scrape, a remote-write request) and writes them to the WAL on <see cref="Commit"/>.
/// Not thread-safe; use one appender per batch and do not touch it after Commit or Rollback. The storage keeps the
/// <see cref="Labels"/> and histogram objects passed in; the caller must not mutate them afterwards.
/// </summary>
internal interface IAppender
{
    /// <summary>Appends a float sample; <paramref name="seriesRef"/> 0 (or unknown) looks the series up by labels.</summary>
    /// <returns>The series ref to pass next time.</returns>
    ulong Append(ulong seriesRef, Labels labels, long t, double v);

    /// <summary>Appends an exemplar to an existing series; a repeat or older exemplar is ignored and returns 0.</summary>
    ulong AppendExemplar(ulong seriesRef, Labels labels, Exemplar exemplar);

    /// <summary>Appends a native histogram sample; exactly one of the two histograms is set.</summary>
    ulong AppendHistogram(ulong seriesRef, Labels labels, long t, Histogram? histogram, FloatHistogram? floatHistogram);

    /// <summary>Writes series, samples, histograms, float histograms and exemplars, in that order, as one WAL batch.</summary>
    void Commit();

    /// <summary>Drops the samples; new series are still written, because they already exist in memory.</summary>
    void Rollback();
}
