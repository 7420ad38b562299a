namespace Vigil.Wal;

/// <summary>Opens real segment files.</summary>
public sealed class FileSegmentFileFactory : ISegmentFileFactory
{
    public static FileSegmentFileFactory Instance { get; } = new();

    public ISegmentFile OpenWrite(string path) => new FileSegmentFile(path);
}
