namespace Vigil.Wal;

/// <summary>
/// The file under a segment being written. A seam so tests can inject short writes and a full disk
/// (Prometheus has the same seam, SegmentFile). Writes are positional, so a failed write can be retried at the same offset.
/// </summary>
public interface ISegmentFile : IDisposable
{
    long Length { get; }

    void Write(ReadOnlySpan<byte> data, long offset);

    void SetLength(long length);

    /// <summary>Forces written data to stable storage (fsync).</summary>
    void Sync();
}
