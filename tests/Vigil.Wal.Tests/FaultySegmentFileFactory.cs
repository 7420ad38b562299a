namespace Vigil.Wal.Tests;

/// <summary>
/// Wraps real segment files and fails writes on demand: after a byte budget (a short write, as Prometheus'
/// faultySegmentFile does) or while the "disk" is full. A failing write may still put part of its bytes on disk.
/// </summary>
internal sealed class FaultySegmentFileFactory : ISegmentFileFactory
{
    private long _written;

    /// <summary>Fail the write that would take the total written bytes past this many; -1 never.</summary>
    public long FailAfterBytes { get; set; } = -1;

    /// <summary>While true, every write fails after writing nothing.</summary>
    public bool DiskFull { get; set; }

    public int Failures { get; private set; }

    public ISegmentFile OpenWrite(string path) => new File(this, FileSegmentFileFactory.Instance.OpenWrite(path));

    private sealed class File(FaultySegmentFileFactory owner, ISegmentFile inner) : ISegmentFile
    {
        public long Length => inner.Length;

        public void Write(ReadOnlySpan<byte> data, long offset)
        {
            if (owner.DiskFull)
            {
                owner.Failures++;
                throw new IOException("No space left on device");
            }

            if (owner.FailAfterBytes >= 0 && owner._written + data.Length > owner.FailAfterBytes)
            {
                var partial = (int)Math.Clamp(owner.FailAfterBytes - owner._written, 1, Math.Max(1, data.Length - 1));
                inner.Write(data[..Math.Min(partial, data.Length)], offset);
                owner.FailAfterBytes = -1;
                owner.Failures++;
                throw new IOException("short write");
            }

            inner.Write(data, offset);
            owner._written += data.Length;
        }

        public void SetLength(long length) => inner.SetLength(length);

        public void Sync() => inner.Sync();

        public void Dispose() => inner.Dispose();
    }
}
