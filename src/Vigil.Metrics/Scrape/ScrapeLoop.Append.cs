using System.Runtime.CompilerServices;
using Vigil.Common.Model;
using Vigil.Metrics.Storage;
using Vigil.Metrics.TextParse;

namespace Vigil.Metrics.Scrape;

/// <summary>Appending one page (Prometheus scrape.go scrapeLoop.append, report and reportStale @ v2.42).</summary>
internal sealed partial class ScrapeLoop
{
    /// <summary>The synthetic series of every scrape, in the order <see cref="Report"/> writes them.</summary>
    internal static readonly string[] ReportNames =
    [
        "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added",
    ];

    private const string SampleLimitExceeded = "sample limit exceeded";

    private static readonly double StaleNaN = BitConverter.UInt64BitsToDouble(WalStorage.StaleNaNBits);

    /// <summary>Samples more than this far ahead of the clock are rejected (Prometheus' maxAheadTime).</summary>
    private static readonly TimeSpan MaxAheadTime = TimeSpan.FromMinutes(10);

    private readonly SampleMutator _mutator;
    private readonly Labels[] _reportLabels = new Labels[ReportNames.Length];
    private readonly ulong[] _reportRefs = new ulong[ReportNames.Length];
    private readonly LabelsBuilder _builder = new();
    private readonly StringInterner _interner;
    private readonly List<Labels> _stale = [];
    private PromTextParser? _promParser;
    private OpenMetricsParser? _omParser;

    /// <summary>
    /// Appends every sample of <paramref name="page"/> at <paramref name="defaultTime"/> (or its own timestamp with
    /// honor_timestamps), then stale markers for the series of the previous scrape that are gone. An empty page is a
    /// failed scrape: every previous series gets a stale marker. On an error nothing more is appended; the caller rolls
    /// the appender back.
    /// </summary>
    internal AppendResult AppendPage(IAppender app, ReadOnlyMemory<byte> page, string? contentType, long defaultTime)
    {
        int total = 0, added = 0, seriesAdded = 0, limited = 0;
        string? error = null;
        var sampleLimitExceeded = false;
        var maxTime = (_time.GetUtcNow() + MaxAheadTime).ToUnixTimeMilliseconds();
        var limits = _settings.Limits;
        if (!page.IsEmpty)
        {
            var parser = Parser(contentType, page);
            try
            {
                while (true)
                {
                    var entry = parser.Next();
                    if (entry == Entry.Eof)
                    {
                        break;
                    }

                    if (entry == Entry.Invalid)
                    {
                        error = parser.Error?.ToString() ?? "invalid page";
                        break;
                    }

                    if (entry != Entry.Series)
                    {
                        continue;
                    }

                    total++;
                    var hasTimestamp = _settings.HonorTimestamps && parser.HasTimestamp;
                    var t = hasTimestamp ? parser.TimestampMs : defaultTime;
                    var key = parser.Series;
                    if (Cache.IsDropped(key))
                    {
                        continue;
                    }

                    var isNew = false;
                    ref var series = ref Cache.TryGet(key);
                    if (Unsafe.IsNullRef(ref series))
                    {
                        _builder.Reset();
                        parser.BuildLabels(_builder, _interner);
                        var scraped = _builder.Build();
                        if (FirstDuplicateName(scraped) is { } duplicate)
                        {
                            error = $"label name \"{duplicate}\" is not unique: invalid sample";
                            break;
                        }

                        var labels = _mutator.Mutate(scraped);
                        if (labels is null)
                        {
                            Cache.AddDropped(key);
                            continue;
                        }

                        if (SeriesValidation.Check(labels) is { } invalid)
                        {
                            error = invalid;
                            break;
                        }

                        if (limits.CheckLabels(labels) is { } exceeded)
                        {
                            _metrics.ExceededLabelLimits.Inc();
                            error = exceeded;
                            break;
                        }

                        series = ref Cache.Add(key, 0, labels);
                        isNew = true;
                    }

                    var v = parser.Value;
                    var appended = false;
                    if (limits.SampleLimit > 0 && BitConverter.DoubleToUInt64Bits(v) != WalStorage.StaleNaNBits && ++limited > limits.SampleLimit)
                    {
                        // Keep parsing, so scrape_samples_scraped still counts the whole page.
                        sampleLimitExceeded = true;
                    }
                    else if (t > maxTime)
                    {
                        _metrics.SampleOutOfBounds.Inc();
                    }
                    else
                    {
                        series.Ref = app.Append(series.Ref, series.Labels, t, v);
                        appended = true;

                        // A sample with its own timestamp is left out of staleness unless track_timestamps_staleness.
                        if (!hasTimestamp || _settings.TrackTimestampsStaleness)
                        {
                            Cache.TrackStaleness(ref series);
                        }

                        if (parser.TryGetExemplar(out var exemplar))
                        {
                            AppendExemplar(app, series.Ref, series.Labels, exemplar, t);
                        }
                    }

                    if (isNew && appended && !sampleLimitExceeded)
                    {
                        seriesAdded++;
                    }

                    added++;
                }
            }
            catch (InvalidSampleException e)
            {
                error = e.Message;
            }
        }

        if (sampleLimitExceeded)
        {
            // Prometheus 2.42's errSampleLimit text, without the counts the shared helper adds.
            error ??= SampleLimitExceeded;
            _metrics.ExceededSampleLimit.Inc();
        }

        if (error is not null)
        {
            Cache.AbortIteration();
            return new AppendResult(total, added, seriesAdded, error);
        }

        _stale.Clear();
        Cache.CollectStale(_stale);
        foreach (var labels in _stale)
        {
            app.Append(0, labels, defaultTime, StaleNaN);
        }

        _stale.Clear();
        Cache.IterDone(flushCache: !page.IsEmpty);
        return new AppendResult(total, added, seriesAdded, null);
    }

    private void Report(IAppender app, long t, TimeSpan duration, AppendResult result, bool healthy)
    {
        AppendReport(app, 0, t, healthy ? 1 : 0);
        AppendReport(app, 1, t, duration.TotalSeconds);
        AppendReport(app, 2, t, result.Total);
        AppendReport(app, 3, t, result.Added);
        AppendReport(app, 4, t, result.SeriesAdded);
    }

    private void ReportStale(IAppender app, long t)
    {
        for (var i = 0; i < ReportNames.Length; i++)
        {
            AppendReport(app, i, t, StaleNaN);
        }
    }

    private void AppendReport(IAppender app, int index, long t, double v) =>
        _reportRefs[index] = app.Append(_reportRefs[index], _reportLabels[index], t, v);

    private void AppendExemplar(IAppender app, ulong seriesRef, Labels labels, TextParse.Exemplar exemplar, long sampleTime)
    {
        var stored = new Storage.Exemplar(exemplar.Labels, exemplar.Value, exemplar.HasTimestamp ? exemplar.TimestampMs : sampleTime, exemplar.HasTimestamp);
        try
        {
            app.AppendExemplar(seriesRef, labels, stored);
        }
        catch (InvalidExemplarException e)
        {
            // An exemplar never fails the scrape (as Prometheus); the sample itself is stored.
            LogExemplarRejected(_logger, _target.Url, e.Message);
        }
    }

    private IExpositionParser Parser(string? contentType, ReadOnlyMemory<byte> page)
    {
        if (ContentNegotiation.IsOpenMetrics(contentType))
        {
            _omParser ??= new OpenMetricsParser(ReadOnlyMemory<byte>.Empty);
            _omParser.Reset(page);
            return _omParser;
        }

        _promParser ??= new PromTextParser(ReadOnlyMemory<byte>.Empty);
        _promParser.Reset(page);
        return _promParser;
    }

    private static string? FirstDuplicateName(Labels labels)
    {
        var span = labels.AsSpan();
        for (var i = 1; i < span.Length; i++)
        {
            if (span[i].Name == span[i - 1].Name)
            {
                return span[i].Name;
            }
        }

        return null;
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Debug, Message = "Error while adding exemplar target={Target} err={Error}")]
    private static partial void LogExemplarRejected(Microsoft.Extensions.Logging.ILogger logger, string target, string error);
}
