namespace Vigil.Metrics.Storage;

/// <summary>
/// How a <see cref="SeriesIndex{TLink}"/> reads its key from a series and which of the series' chain fields it uses:
/// the by-ref and the by-hash index chain through different fields of the same <see cref="MemSeries"/>.
/// </summary>
internal interface ISeriesLink
{
    static abstract ulong Key(MemSeries series);

    static abstract ref MemSeries? Next(MemSeries series);
}
