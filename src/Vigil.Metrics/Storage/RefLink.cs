namespace Vigil.Metrics.Storage;

/// <summary>The by-ref index: keyed by the series ref, chained through <see cref="MemSeries.NextInRef"/>.</summary>
internal readonly struct RefLink : ISeriesLink
{
    public static ulong Key(MemSeries series) => series.Ref;

    public static ref MemSeries? Next(MemSeries series) => ref series.NextInRef;
}
