using Vigil.Common.Model;

namespace Vigil.Metrics.TextParse;

/// <summary>An OpenMetrics exemplar attached to a sample: its labels, value and optional timestamp (ms).</summary>
internal readonly record struct Exemplar(Labels Labels, double Value, bool HasTimestamp, long TimestampMs);
