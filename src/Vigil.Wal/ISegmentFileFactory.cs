namespace Vigil.Wal;

/// <summary>Opens segment files for writing; the default opens real files.</summary>
public interface ISegmentFileFactory
{
    /// <summary>Opens <paramref name="path"/> for writing, creating it when missing and keeping its content.</summary>
    ISegmentFile OpenWrite(string path);
}
