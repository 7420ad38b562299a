using Vigil.Common.Model;

namespace Vigil.Metrics.TextParse;

/// <summary>
/// A streaming parser over one scraped page (Prometheus textparse.Parser). Call <see cref="Next"/> until it
/// returns <see cref="Entry.Eof"/> or <see cref="Entry.Invalid"/>; read the accessors for the current entry.
/// </summary>
/// <remarks>
/// Buffer ownership: every span returned (<see cref="Series"/>, <see cref="MetricName"/>, <see cref="RawText"/>)
/// points into the caller's page buffer and is valid only until the next call to <see cref="Next"/> and while the
/// page buffer is alive. Copy it to keep it. <see cref="Series"/> is the series cache key: the same bytes always
/// denote the same label set, so a scrape loop can look up its cached series reference with it and skip
/// <see cref="BuildLabels"/> entirely (no allocation on a hit).
/// </remarks>
internal interface IExpositionParser
{
    /// <summary>Advances to the next entry.</summary>
    Entry Next();

    /// <summary>Set when <see cref="Next"/> returned <see cref="Entry.Invalid"/>.</summary>
    ParseError? Error { get; }

    /// <summary>The raw series bytes of the current sample (name and label block, as on the page).</summary>
    ReadOnlySpan<byte> Series { get; }

    /// <summary>The current sample's value (NaN canonicalised to Prometheus' normal NaN).</summary>
    double Value { get; }

    /// <summary>True when the current sample carries an explicit timestamp.</summary>
    bool HasTimestamp { get; }

    /// <summary>The explicit timestamp in milliseconds (both formats are converted to ms).</summary>
    long TimestampMs { get; }

    /// <summary>The metric name of the current HELP, TYPE or UNIT entry (unquoted bytes).</summary>
    ReadOnlySpan<byte> MetricName { get; }

    /// <summary>The type of the current TYPE entry.</summary>
    MetricType Type { get; }

    /// <summary>The raw text of the current HELP, UNIT or comment entry (escapes not resolved).</summary>
    ReadOnlySpan<byte> RawText { get; }

    /// <summary>The current HELP text with its escapes resolved.</summary>
    string HelpText();

    /// <summary>
    /// Adds the current sample's labels, <c>__name__</c> included, to <paramref name="builder"/> without
    /// de-duplicating, so that a repeated label name is still visible to <see cref="Labels.HasDuplicateNames"/>.
    /// Names and values go through <paramref name="interner"/> when given.
    /// </summary>
    void BuildLabels(LabelsBuilder builder, StringInterner? interner = null);

    /// <summary>The exemplar of the current sample, if the format has one and the line carried it.</summary>
    bool TryGetExemplar(out Exemplar exemplar);

    /// <summary>The <c>_created</c> timestamp (ms) that belongs to the current sample, when the format gave one.</summary>
    bool TryGetCreatedTimestamp(out long createdMs);
}
