namespace Vigil.Wal;

/// <summary>A segment file found in a WAL directory.</summary>
public readonly record struct SegmentRef(string Path, int Index);
