using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Vigil.Common.Model;
using Vigil.Metrics.RemoteWrite.Prompb;
using Vigil.Metrics.Storage;
using Vigil.Wal.Records;

namespace Vigil.Metrics.RemoteWriteReceiver;

/// <summary>
/// Appends remote-write requests (snappy block + <c>prompb.WriteRequest</c>) to one instance's WAL, as Prometheus'
/// write handler does: every series of a request goes into one appender, committed at the end or rolled back on the
/// first bad series, so a request lands whole or not at all. Label sets are checked (non-empty, valid names, valid
/// UTF-8, no repeated name) and sorted when a sender did not sort them. Series are cached by their raw label bytes,
/// so a sender that repeats its series costs no allocation per sample.
/// </summary>
internal sealed class WriteReceiver
{
    /// <summary>More cached series than this and the cache starts over; a truncation also prunes dead series.</summary>
    public const int MaxCachedSeries = 4_000_000;

    private readonly WalStorage _storage;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<byte[], CachedSeries> _series = new(SeriesKeyComparer.Instance);
    private readonly ConcurrentDictionary<byte[], CachedSeries>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly ConcurrentBag<ReceiveBuffers> _buffers = [];

    public WriteReceiver(WalStorage storage, ILogger logger)
    {
        _storage = storage;
        _logger = logger;
        _lookup = _series.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int CachedSeriesCount => _series.Count;

    public ReceiveResult Receive(ReadOnlySpan<byte> compressed)
    {
        if (!SnappyBlock.TryGetDecodedLength(compressed, out var length, out var error))
        {
            return ReceiveResult.BadRequest(error ?? "snappy: corrupt input");
        }

        if (length > SnappyBlock.MaxDecodedLength)
        {
            return ReceiveResult.BadRequest(string.Create(
                CultureInfo.InvariantCulture,
                $"snappy: decoded length {length} exceeds the limit of {SnappyBlock.MaxDecodedLength} bytes"));
        }

        if (!_buffers.TryTake(out var buffers))
        {
            buffers = new ReceiveBuffers();
        }

        try
        {
            if (!SnappyBlock.TryDecompress(compressed, buffers.Decoded, out error))
            {
                return ReceiveResult.BadRequest(error ?? "snappy: corrupt input");
            }

            if (!PrompbDecoder.TryDecode(buffers.Decoded.WrittenSpan, buffers.Request, out error))
            {
                return ReceiveResult.BadRequest(error ?? "invalid protobuf");
            }

            return Append(buffers);
        }
        finally
        {
            buffers.Clear();
            if (buffers.Decoded.Capacity > 4 * 1024 * 1024)
            {
                // A rare huge request must not pin its memory in the pool for ever.
                buffers.Dispose();
            }
            else
            {
                _buffers.Add(buffers);
            }
        }
    }

    /// <summary>Forgets cached series the storage no longer holds (called after a WAL truncation).</summary>
    public void Prune()
    {
        foreach (var (key, series) in _series)
        {
            if (_storage.Series.GetById(series.Ref) is null)
            {
                _series.TryRemove(key, out _);
            }
        }
    }

    private ReceiveResult Append(ReceiveBuffers buffers)
    {
        var request = buffers.Request;
        var body = buffers.Decoded.WrittenSpan;
        var app = _storage.Appender();
        var committed = false;
        try
        {
            foreach (ref readonly var ts in request.Series.Span)
            {
                if (Resolve(buffers, body, ts.LabelStart, ts.LabelCount, out var error) is not { } series)
                {
                    return ReceiveResult.BadRequest(error!);
                }

                var seriesRef = series.Ref;
                foreach (var s in request.Samples.Span.Slice(ts.SampleStart, ts.SampleCount))
                {
                    seriesRef = app.Append(seriesRef, series.Labels, s.Timestamp, s.Value);
                }

                foreach (ref readonly var h in request.Histograms.Span.Slice(ts.HistogramStart, ts.HistogramCount))
                {
                    seriesRef = h.CountCase == OneofCase.Float
                        ? app.AppendHistogram(seriesRef, series.Labels, h.Timestamp, null, ToFloatHistogram(request, h))
                        : app.AppendHistogram(seriesRef, series.Labels, h.Timestamp, ToHistogram(request, h), null);
                }

                if (ts.ExemplarCount > 0)
                {
                    seriesRef = AppendExemplars(app, request, body, seriesRef, series, ts);
                }

                series.Ref = seriesRef;
            }

            app.Commit();
            committed = true;
            return ReceiveResult.Ok;
        }
        catch (InvalidSampleException e)
        {
            return ReceiveResult.BadRequest(e.Message);
        }
        catch (WalClosedException e)
        {
            return new ReceiveResult(503, e.Message);
        }
        catch (IOException e)
        {
            _logger.LogError(e, "remote write receiver: WAL append failed");
            return new ReceiveResult(500, e.Message);
        }
        finally
        {
            if (!committed)
            {
                RollbackQuietly(app);
            }
        }
    }

    private ulong AppendExemplars(IAppender app, DecodedWriteRequest request, ReadOnlySpan<byte> body, ulong seriesRef, CachedSeries series, in DecodedTimeSeries ts)
    {
        if (seriesRef == 0)
        {
            // An exemplar needs an existing series; one without samples in this request gets it created first.
            return seriesRef;
        }

        foreach (ref readonly var e in request.Exemplars.Span.Slice(ts.ExemplarStart, ts.ExemplarCount))
        {
            var labels = new Label[e.LabelCount];
            var refs = request.ExemplarLabels.Span.Slice(e.LabelStart, e.LabelCount);
            for (var i = 0; i < refs.Length; i++)
            {
                labels[i] = new Label(Encoding.UTF8.GetString(refs[i].Name.Of(body)), Encoding.UTF8.GetString(refs[i].Value.Of(body)));
            }

            try
            {
                app.AppendExemplar(seriesRef, series.Labels, new Storage.Exemplar(Labels.FromUnsorted(labels), e.Value, e.Timestamp));
            }
            catch (Exception ex) when (ex is InvalidExemplarException or ArgumentException)
            {
                // As Prometheus: a bad exemplar is logged, never a reason to refuse the samples.
                _logger.LogDebug(ex, "remote write receiver: exemplar of {Series} dropped", series.Labels);
            }
        }

        return seriesRef;
    }

    private CachedSeries? Resolve(ReceiveBuffers buffers, ReadOnlySpan<byte> body, int start, int count, out string? error)
    {
        error = null;
        var refs = buffers.Request.Labels.Span.Slice(start, count);
        var key = buffers.Key;
        key.Clear();
        foreach (var l in refs)
        {
            var name = l.Name.Of(body);
            var value = l.Value.Of(body);
            var span = key.GetSpan(8 + name.Length + value.Length);
            BinaryPrimitives.WriteInt32LittleEndian(span, name.Length);
            name.CopyTo(span[4..]);
            BinaryPrimitives.WriteInt32LittleEndian(span[(4 + name.Length)..], value.Length);
            value.CopyTo(span[(8 + name.Length)..]);
            key.Advance(8 + name.Length + value.Length);
        }

        if (_lookup.TryGetValue(key.WrittenSpan, out var cached))
        {
            return cached;
        }

        var labels = BuildLabels(buffers, body, refs, out error);
        if (labels is null)
        {
            return null;
        }

        if (_series.Count >= MaxCachedSeries)
        {
            _series.Clear();
        }

        var series = new CachedSeries(labels);
        return _lookup.TryAdd(key.WrittenSpan, series) ? series : _lookup[key.WrittenSpan];
    }

    private static Labels? BuildLabels(ReceiveBuffers buffers, ReadOnlySpan<byte> body, ReadOnlySpan<LabelRef> refs, out string? error)
    {
        error = null;
        var list = buffers.Labels;
        list.Clear();
        foreach (var l in refs)
        {
            var name = l.Name.Of(body);
            var value = l.Value.Of(body);
            if (!NameValidation.IsValidLabelName(name))
            {
                error = "invalid label name \"" + Printable(name) + "\"";
                return null;
            }

            if (!NameValidation.IsValidLabelValue(value))
            {
                error = "invalid UTF-8 in the value of label " + Encoding.UTF8.GetString(name);
                return null;
            }

            // Empty values mean "no label", as in Prometheus.
            if (value.Length > 0)
            {
                list.Add(new Label(Encoding.UTF8.GetString(name), Encoding.UTF8.GetString(value)));
            }
        }

        if (list.Count == 0)
        {
            error = "empty labelset: invalid sample";
            return null;
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < list.Count; i++)
        {
            if (list[i].Name == list[i - 1].Name)
            {
                error = "label name \"" + list[i].Name + "\" is not unique: invalid sample";
                return null;
            }
        }

        return Labels.FromUnsorted(list);
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        return text.Length > 100 ? text[..100] + "..." : text;
    }

    private static Histogram ToHistogram(DecodedWriteRequest r, in DecodedHistogram h) => new()
    {
        CounterResetHint = (CounterResetHint)h.ResetHint,
        Schema = h.Schema,
        ZeroThreshold = h.ZeroThreshold,
        ZeroCount = h.ZeroCountInt,
        Count = h.CountInt,
        Sum = h.Sum,
        PositiveSpans = Spans(r.PositiveSpans.Span.Slice(h.PositiveSpanStart, h.PositiveSpanCount)),
        NegativeSpans = Spans(r.NegativeSpans.Span.Slice(h.NegativeSpanStart, h.NegativeSpanCount)),
        PositiveBuckets = r.PositiveDeltas.Span.Slice(h.PositiveDeltaStart, h.PositiveDeltaCount).ToArray(),
        NegativeBuckets = r.NegativeDeltas.Span.Slice(h.NegativeDeltaStart, h.NegativeDeltaCount).ToArray(),
    };

    private static FloatHistogram ToFloatHistogram(DecodedWriteRequest r, in DecodedHistogram h) => new()
    {
        CounterResetHint = (CounterResetHint)h.ResetHint,
        Schema = h.Schema,
        ZeroThreshold = h.ZeroThreshold,
        ZeroCount = h.ZeroCountFloat,
        Count = h.CountFloat,
        Sum = h.Sum,
        PositiveSpans = Spans(r.PositiveSpans.Span.Slice(h.PositiveSpanStart, h.PositiveSpanCount)),
        NegativeSpans = Spans(r.NegativeSpans.Span.Slice(h.NegativeSpanStart, h.NegativeSpanCount)),
        PositiveBuckets = r.PositiveCounts.Span.Slice(h.PositiveCountStart, h.PositiveCountCount).ToArray(),
        NegativeBuckets = r.NegativeCounts.Span.Slice(h.NegativeCountStart, h.NegativeCountCount).ToArray(),
    };

    private static HistogramSpan[] Spans(ReadOnlySpan<BucketSpan> spans)
    {
        var result = new HistogramSpan[spans.Length];
        for (var i = 0; i < spans.Length; i++)
        {
            result[i] = new HistogramSpan(spans[i].Offset, spans[i].Length);
        }

        return result;
    }

    private void RollbackQuietly(IAppender app)
    {
        try
        {
            app.Rollback();
        }
        catch (Exception e) when (e is IOException or WalClosedException)
        {
            _logger.LogWarning(e, "remote write receiver: rollback failed");
        }
    }
}
