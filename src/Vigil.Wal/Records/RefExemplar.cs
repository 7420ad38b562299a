using Vigil.Common.Model;

namespace Vigil.Wal.Records;

/// <summary>An exemplar of a series.</summary>
public readonly record struct RefExemplar(ulong Ref, long T, double V, Labels Labels);
