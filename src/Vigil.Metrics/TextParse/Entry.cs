namespace Vigil.Metrics.TextParse;

/// <summary>What <see cref="IExpositionParser.Next"/> found (Prometheus textparse.Entry, plus end and error).</summary>
internal enum Entry
{
    /// <summary>End of the page: no more entries.</summary>
    Eof,

    /// <summary>The page is invalid; <see cref="IExpositionParser.Error"/> says where and why. The scrape fails.</summary>
    Invalid,

    /// <summary>A sample line: series, value and optional timestamp.</summary>
    Series,

    Help,
    Type,
    Unit,
    Comment,
}
