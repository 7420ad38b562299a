namespace Vigil.Metrics.Relabel;

/// <summary>One piece of a <see cref="Template"/>: literal text, or a group index (-1 = a group that does not exist).</summary>
internal readonly record struct TemplatePart(string? Literal, int Group);
