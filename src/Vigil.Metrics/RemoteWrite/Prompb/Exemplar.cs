using Vigil.Common.Model;

namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>prompb <c>Exemplar</c>. The label array is owned by the exemplar and must not change once handed over.</summary>
internal readonly record struct Exemplar(Label[] Labels, double Value, long Timestamp);
