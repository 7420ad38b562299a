namespace Vigil.Wal.Records;

/// <summary>Metric metadata of a series: type (Prometheus MetricType byte), unit and help.</summary>
public readonly record struct RefMetadata(ulong Ref, byte Type, string Unit, string Help);
