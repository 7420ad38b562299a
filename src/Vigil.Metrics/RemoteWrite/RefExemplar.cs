using Vigil.Common.Model;

namespace Vigil.Metrics.RemoteWrite;

/// <summary>An exemplar of the series <see cref="Ref"/>.</summary>
internal readonly record struct RefExemplar(ulong Ref, long T, double V, Labels Labels);
