using System.Globalization;
using Vigil.Common.Model;
using Vigil.Wal.Records;

namespace Vigil.Metrics.Storage;

/// <summary>
/// The agent storage's appender. Behaviour follows grafana/agent static/metrics/wal/wal.go (appender): pending series
/// and samples are buffered, Commit writes them as one WAL batch and then advances each series' newest timestamp,
/// counting out-of-order samples (which are accepted). Instances are pooled by the storage; the buffers are reused.
/// </summary>
internal sealed class WalAppender : IAppender
{
    private readonly WalStorage _storage;
    private readonly List<RefSeries> _pendingSeries = new(100);
    private readonly List<RefSample> _pendingSamples = new(100);
    private readonly List<MemSeries> _sampleSeries = new(100);
    private readonly List<RefHistogramSample> _pendingHistograms = [];
    private readonly List<MemSeries> _histogramSeries = [];
    private readonly List<RefFloatHistogramSample> _pendingFloatHistograms = [];
    private readonly List<MemSeries> _floatHistogramSeries = [];
    private readonly List<RefExemplar> _pendingExemplars = [];

    public WalAppender(WalStorage storage)
    {
        _storage = storage;
    }

    /// <summary>Encode buffers, one per record of a commit batch, reused across commits.</summary>
    internal RecordBuffer[] Buffers { get; } = [new(4096), new(64 * 1024), new(1024), new(1024), new(1024)];

    /// <summary>The batch handed to the WAL writer; views into <see cref="Buffers"/>.</summary>
    internal ReadOnlyMemory<byte>[] Records { get; } = new ReadOnlyMemory<byte>[5];

    internal List<RefSeries> PendingSeries => _pendingSeries;

    internal List<RefSample> PendingSamples => _pendingSamples;

    internal List<RefHistogramSample> PendingHistograms => _pendingHistograms;

    internal List<RefFloatHistogramSample> PendingFloatHistograms => _pendingFloatHistograms;

    internal List<RefExemplar> PendingExemplars => _pendingExemplars;

    public ulong Append(ulong seriesRef, Labels labels, long t, double v)
    {
        var series = _storage.Series.GetById(seriesRef) ?? GetOrCreate(labels);
        _pendingSamples.Add(new RefSample(series.Ref, t, v));
        _sampleSeries.Add(series);
        return series.Ref;
    }

    public ulong AppendExemplar(ulong seriesRef, Labels labels, Exemplar exemplar)
    {
        ArgumentNullException.ThrowIfNull(exemplar);
        var series = _storage.Series.GetById(seriesRef)
            ?? throw new InvalidExemplarException("unknown series ref when trying to add exemplar: " + seriesRef.ToString(CultureInfo.InvariantCulture));
        var exemplarLabels = LabelChecks.WithoutEmpty(exemplar.Labels);
        if (LabelChecks.DuplicateName(exemplarLabels) is { } dup)
        {
            throw new InvalidExemplarException($"label name \"{dup}\" is not unique: invalid exemplar");
        }

        if (LabelChecks.RuneLength(exemplarLabels) > LabelChecks.ExemplarMaxLabelSetLength)
        {
            throw new InvalidExemplarException($"label length for exemplar exceeds maximum of {LabelChecks.ExemplarMaxLabelSetLength} UTF-8 characters");
        }

        var e = exemplarLabels == exemplar.Labels ? exemplar : exemplar with { Labels = exemplarLabels };

        // A repeat of the last exemplar, or an older one, is ignored without error (as Prometheus' agent does).
        var previous = _storage.Series.GetLatestExemplar(series.Ref);
        if (previous is not null && (previous.SameAs(e) || previous.Ts > e.Ts))
        {
            _storage.Metrics.ExemplarsDropped.WithLabels(previous.SameAs(e) ? "duplicate" : "out_of_order").Inc();
            return 0;
        }

        _storage.Series.SetLatestExemplar(series.Ref, e);
        _pendingExemplars.Add(new RefExemplar(series.Ref, e.Ts, e.Value, e.Labels));
        _storage.Metrics.ExemplarsAppended.Inc();
        return series.Ref;
    }

    public ulong AppendHistogram(ulong seriesRef, Labels labels, long t, Histogram? histogram, FloatHistogram? floatHistogram)
    {
        if (histogram is not null && HistogramValidation.Validate(histogram) is { } invalid)
        {
            throw new InvalidSampleException(invalid);
        }

        if (floatHistogram is not null && HistogramValidation.Validate(floatHistogram) is { } invalidFloat)
        {
            throw new InvalidSampleException(invalidFloat);
        }

        var series = _storage.Series.GetById(seriesRef) ?? GetOrCreate(labels);
        if (histogram is not null)
        {
            _pendingHistograms.Add(new RefHistogramSample(series.Ref, t, histogram));
            _histogramSeries.Add(series);
        }
        else if (floatHistogram is not null)
        {
            _pendingFloatHistograms.Add(new RefFloatHistogramSample(series.Ref, t, floatHistogram));
            _floatHistogramSeries.Add(series);
        }

        return series.Ref;
    }

    public void Commit()
    {
        CountAppended();
        try
        {
            _storage.Log(this, samplesToo: true);
            for (var i = 0; i < _pendingSamples.Count; i++)
            {
                if (!_sampleSeries[i].UpdateTimestamp(_pendingSamples[i].T))
                {
                    _storage.Metrics.OutOfOrderSamples.Inc();
                }
            }

            for (var i = 0; i < _pendingHistograms.Count; i++)
            {
                if (!_histogramSeries[i].UpdateTimestamp(_pendingHistograms[i].T))
                {
                    _storage.Metrics.OutOfOrderSamples.Inc();
                }
            }

            for (var i = 0; i < _pendingFloatHistograms.Count; i++)
            {
                if (!_floatHistogramSeries[i].UpdateTimestamp(_pendingFloatHistograms[i].T))
                {
                    _storage.Metrics.OutOfOrderSamples.Inc();
                }
            }
        }
        finally
        {
            Clear();
            _storage.Return(this);
        }
    }

    public void Rollback()
    {
        CountAppended();
        try
        {
            _storage.Log(this, samplesToo: false);
        }
        finally
        {
            Clear();
            _storage.Return(this);
        }
    }

    private MemSeries GetOrCreate(Labels labels)
    {
        labels = LabelChecks.WithoutEmpty(labels);
        if (labels.Count == 0)
        {
            throw new InvalidSampleException("empty labelset");
        }

        if (LabelChecks.DuplicateName(labels) is { } dup)
        {
            throw new InvalidSampleException($"label name \"{dup}\" is not unique");
        }

        var (series, created) = _storage.Series.GetOrCreate(labels, _storage.NextRef, long.MinValue);
        if (created)
        {
            _pendingSeries.Add(new RefSeries(series.Ref, labels));
            _storage.Metrics.ActiveSeries.Inc();
            _storage.Metrics.CreatedSeries.Inc();
        }

        return series;
    }

    // Counted once per batch rather than per sample: same totals as the Go agent's per-append count, far cheaper.
    private void CountAppended()
    {
        var n = _pendingSamples.Count + _pendingHistograms.Count + _pendingFloatHistograms.Count;
        if (n > 0)
        {
            _storage.Metrics.SamplesAppended.Inc(n);
        }
    }

    private void Clear()
    {
        _pendingSeries.Clear();
        _pendingSamples.Clear();
        _sampleSeries.Clear();
        _pendingHistograms.Clear();
        _histogramSeries.Clear();
        _pendingFloatHistograms.Clear();
        _floatHistogramSeries.Clear();
        _pendingExemplars.Clear();
    }
}
