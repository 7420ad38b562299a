using Vigil.Wal;

namespace Vigil.Metrics.Tests.Storage;

/// <summary>Real segment files whose writes fail while <see cref="DiskFull"/> is set, like a full file system.</summary>
internal sealed class FailingSegmentFiles : ISegmentFileFactory
{
    public bool DiskFull { get; set; }

    public ISegmentFile OpenWrite(string path) => new Failing(this, FileSegmentFileFactory.Instance.OpenWrite(path));

    private sealed class Failing(FailingSegmentFiles owner, ISegmentFile inner) : ISegmentFile
    {
        public long Length => inner.Length;

        public void Write(ReadOnlySpan<byte> data, long offset)
        {
            if (owner.DiskFull)
            {
                // A full disk may take part of a write before it refuses the rest.
                inner.Write(data[..Math.Min(3, data.Length)], offset);
                throw new IOException("No space left on device");
            }

            inner.Write(data, offset);
        }

        public void SetLength(long length) => inner.SetLength(length);

        public void Sync() => inner.Sync();

        public void Dispose() => inner.Dispose();
    }
}
