using Vigil.Common.Model;

namespace Vigil.Wal.Records;

/// <summary>A series reference and its label set.</summary>
public readonly record struct RefSeries(ulong Ref, Labels Labels);
