using Microsoft.Win32.SafeHandles;

namespace Vigil.Wal;

/// <summary>A segment on the local file system, written with positional writes.</summary>
internal sealed class FileSegmentFile : ISegmentFile
{
    private readonly SafeFileHandle _handle;

    public FileSegmentFile(string path)
    {
        _handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
    }

    public long Length => RandomAccess.GetLength(_handle);

    public void Write(ReadOnlySpan<byte> data, long offset) => RandomAccess.Write(_handle, data, offset);

    public void SetLength(long length) => RandomAccess.SetLength(_handle, length);

    public void Sync() => RandomAccess.FlushToDisk(_handle);

    public void Dispose() => _handle.Dispose();
}
