namespace Vigil.Metrics.Storage;

/// <summary>The by-hash index: keyed by the label hash (cached in the label set), chained through <see cref="MemSeries.NextInHash"/>.</summary>
internal readonly struct HashLink : ISeriesLink
{
    public static ulong Key(MemSeries series) => series.Labels.Hash();

    public static ref MemSeries? Next(MemSeries series) => ref series.NextInHash;
}
