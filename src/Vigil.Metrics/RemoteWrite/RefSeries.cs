using Vigil.Common.Model;

namespace Vigil.Metrics.RemoteWrite;

/// <summary>A series record: the WAL's series reference and its labels (as written, before external labels and relabelling).</summary>
internal readonly record struct RefSeries(ulong Ref, Labels Labels);
