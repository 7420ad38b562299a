namespace Vigil.Metrics.Storage;

/// <summary>A sample the storage refuses (Prometheus tsdb.ErrInvalidSample): the scrape or request is at fault, not the agent.</summary>
internal sealed class InvalidSampleException(string message) : Exception(message + ": invalid sample");

/// <summary>An exemplar the storage refuses (Prometheus tsdb.ErrInvalidExemplar and storage.ErrExemplarLabelLength).</summary>
internal sealed class InvalidExemplarException(string message) : Exception(message);

/// <summary>An operation on a closed storage (Grafana Agent ErrWALClosed).</summary>
internal sealed class WalClosedException() : Exception("WAL storage closed");

/// <summary>
/// The WAL could not be written (for example the disk is full). The appended data is lost and counted; the caller
/// turns this into a failed scrape or a 500. Later commits succeed once the disk has room again.
/// </summary>
internal sealed class WalWriteException(string message, Exception inner) : Exception(message, inner);
