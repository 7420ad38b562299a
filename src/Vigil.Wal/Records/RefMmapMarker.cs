namespace Vigil.Wal.Records;

/// <summary>Marks the memory-mapped chunk of a series (server mode only; read and skipped by the agent).</summary>
public readonly record struct RefMmapMarker(ulong Ref, ulong MmapRef);
