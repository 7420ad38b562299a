namespace Vigil.Metrics.Storage;

/// <summary>
/// How a <see cref="SeriesIndex{TLink}"/> reads its key from a series and which of the series' chain fields it uses:
/// one kind of index per link field of <see cref="MemSeries"/> (today the by-hash index; tests add their own).
/// </summary>
internal interface ISeriesLink
{
    static abstract ulong Key(MemSeries series);

    static abstract ref MemSeries? Next(MemSeries series);
}
