using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Wal;
using Vigil.Wal.Records;
using WalRecords = Vigil.Wal.Records;

namespace Vigil.Metrics.RemoteWrite.Watcher;

/// <summary>
/// Tails a WAL directory into an <see cref="IWriteTo"/> (behaviour of prometheus tsdb/wlog/watcher.go): the newest
/// checkpoint first (series only), then every segment after it, then the live segment, polled until cancelled. Series
/// records always reach the queue, so its series cache is complete; samples, exemplars and histograms only when they are
/// after <see cref="WatcherOptions.ResumeAfter"/> or, without a savepoint, not older than the start timestamp.
/// A newer checkpoint found while tailing makes the queue forget series that were truncated away.
/// </summary>
internal sealed class WalWatcher
{
    private readonly string _walDir;
    private readonly IWriteTo _writeTo;
    private readonly WatcherOptions _options;
    private readonly ILogger _logger;
    private readonly List<WalRecords.RefSeries> _series = [];
    private readonly List<WalRecords.RefSample> _samples = [];
    private readonly List<WalRecords.RefExemplar> _exemplars = [];
    private readonly List<WalRecords.RefHistogramSample> _histograms = [];
    private readonly List<WalRecords.RefFloatHistogramSample> _floatHistograms = [];
    private int _lastCheckpoint = -1;
    private long _samplesSkippedOld;
    private long _samplesSkippedAcknowledged;
    private long _recordsCorrupt;
    private long _segmentsMissing;

    public WalWatcher(string walDir, IWriteTo writeTo, WatcherOptions? options = null, ILogger? logger = null)
    {
        _walDir = walDir;
        _writeTo = writeTo;
        _options = options ?? new WatcherOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Samples (and exemplars, histograms) not sent because they are older than the start timestamp.</summary>
    public long SamplesSkippedOld => Interlocked.Read(ref _samplesSkippedOld);

    /// <summary>Samples not sent again because the savepoint says they were acknowledged before a restart.</summary>
    public long SamplesSkippedAcknowledged => Interlocked.Read(ref _samplesSkippedAcknowledged);

    /// <summary>Records that could not be decoded, and segments abandoned at a corruption.</summary>
    public long RecordsCorrupt => Interlocked.Read(ref _recordsCorrupt);

    /// <summary>Segments deleted by truncation before they could be read.</summary>
    public long SegmentsMissing => Interlocked.Read(ref _segmentsMissing);

    /// <summary>The position just after the last record processed.</summary>
    public WalPosition Position { get; private set; }

    /// <summary>Runs <see cref="Run"/> on a dedicated thread (appends block while the queue is full).</summary>
    public Task StartAsync(CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Reads until <paramref name="cancellationToken"/> is cancelled or the queue stops accepting data.</summary>
    public void Run(CancellationToken cancellationToken)
    {
        while (!WalExists())
        {
            if (cancellationToken.WaitHandle.WaitOne(_options.PollInterval))
            {
                return;
            }
        }

        var segment = 0;
        if (WalDirectory.LastCheckpoint(_walDir) is { } checkpoint)
        {
            ReadCheckpoint(checkpoint.Path, checkpoint.Index, gc: false);
            segment = checkpoint.Index + 1;
        }

        var (first, _) = WalDirectory.Segments(_walDir);
        if (first > segment)
        {
            segment = first;
        }

        if (_options.ResumeAfter is { } resume && resume.Segment < segment)
        {
            // The segments between the savepoint and the checkpoint are gone: what they held can no longer be sent.
            _logger.LogWarning("WAL was truncated past the savepoint segment {Savepoint}; resuming at segment {Segment}", resume.Segment, segment);
            Interlocked.Add(ref _segmentsMissing, segment - resume.Segment);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var result = TailSegment(segment, cancellationToken);
            if (result == SegmentResult.Stop)
            {
                return;
            }

            segment++;
        }
    }

    private enum SegmentResult
    {
        Next,
        Stop,
    }

    private bool WalExists() => Directory.Exists(_walDir);

    // While tailing, a listing that fails (a segment deleted between listing and checking, a directory being replaced)
    // reads as "nothing new"; the next poll lists again.
    private (int First, int Last) ListSegments()
    {
        try
        {
            return WalDirectory.Segments(_walDir);
        }
        catch (IOException e)
        {
            _logger.LogWarning(e, "WAL watcher: listing segments of {Dir} failed; retrying", _walDir);
            return (-1, -1);
        }
    }

    private SegmentResult TailSegment(int segment, CancellationToken cancellationToken)
    {
        FileStream? stream = null;
        while (stream is null)
        {
            try
            {
                stream = new FileStream(WalDirectory.SegmentName(_walDir, segment), new FileStreamOptions
                {
                    Mode = FileMode.Open,
                    Access = FileAccess.Read,
                    Share = FileShare.ReadWrite | FileShare.Delete,
                    BufferSize = 0,
                });
            }
            catch (FileNotFoundException)
            {
                var (first, last) = ListSegments();
                if (first > segment || (last > segment && first >= 0))
                {
                    // Deleted by truncation (or never written, after a repair): move on.
                    Interlocked.Increment(ref _segmentsMissing);
                    return SegmentResult.Next;
                }

                if (cancellationToken.WaitHandle.WaitOne(_options.PollInterval))
                {
                    return SegmentResult.Stop;
                }
            }
        }

        using (stream)
        {
            _options.Metrics?.CurrentSegment.Set(segment);
            var reader = new LiveReader(stream, segment, _walDir);
            while (true)
            {
                if (!Drain(reader, segment, cancellationToken))
                {
                    return SegmentResult.Stop;
                }

                if (reader.Error is { } error)
                {
                    // Prometheus restarts its watcher here; the data after the corruption is lost either way.
                    _logger.LogError(error, "WAL watcher: corrupt segment {Segment}; waiting for the next segment", segment);
                    Interlocked.Increment(ref _recordsCorrupt);
                    return WaitForNextSegment(segment, cancellationToken);
                }

                var (_, last) = ListSegments();
                if (last > segment)
                {
                    // The writer finishes a segment before it creates the next: one more read gets all of it.
                    if (!Drain(reader, segment, cancellationToken))
                    {
                        return SegmentResult.Stop;
                    }

                    return SegmentResult.Next;
                }

                GarbageCollectSeries(segment);
                if (cancellationToken.WaitHandle.WaitOne(_options.PollInterval))
                {
                    return SegmentResult.Stop;
                }
            }
        }
    }

    private SegmentResult WaitForNextSegment(int segment, CancellationToken cancellationToken)
    {
        while (ListSegments().Last <= segment)
        {
            if (cancellationToken.WaitHandle.WaitOne(_options.PollInterval))
            {
                return SegmentResult.Stop;
            }
        }

        return SegmentResult.Next;
    }

    // Processes every complete record available; false when the queue stopped accepting data.
    private bool Drain(LiveReader reader, int segment, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && reader.Next())
        {
            var position = new WalPosition(segment, reader.Offset);
            if (!Process(reader.Record, position))
            {
                return false;
            }

            Position = position;
            _options.OnRecordDone?.Invoke(position);
        }

        return !cancellationToken.IsCancellationRequested;
    }

    private void ReadCheckpoint(string path, int index, bool gc)
    {
        using var reader = new WalReader(SegmentBufReader.ForDirectory(path));
        while (reader.Next())
        {
            var record = reader.Record;
            if (RecordDecoder.Type(record) != RecordType.Series)
            {
                continue;
            }

            if (!DecodeSeries(record, out var series))
            {
                continue;
            }

            if (gc)
            {
                _writeTo.UpdateSeriesSegment(series, index);
            }
            else
            {
                _writeTo.StoreSeries(series, index);
            }
        }

        if (reader.Error is { } error)
        {
            _logger.LogError(error, "WAL watcher: corrupt checkpoint {Checkpoint}", path);
            Interlocked.Increment(ref _recordsCorrupt);
        }

        _lastCheckpoint = index;
    }

    // A new checkpoint means the segments it covers are gone: series seen only there are dropped from the cache.
    private void GarbageCollectSeries(int segment)
    {
        if (WalDirectory.LastCheckpoint(_walDir) is not { } checkpoint || checkpoint.Index <= _lastCheckpoint || checkpoint.Index >= segment)
        {
            return;
        }

        try
        {
            ReadCheckpoint(checkpoint.Path, checkpoint.Index, gc: true);
        }
        catch (IOException e)
        {
            // Replaced by an even newer checkpoint meanwhile; the next poll reads that one.
            _logger.LogInformation(e, "WAL watcher: checkpoint {Checkpoint} went away while reading it", checkpoint.Path);
            return;
        }

        _writeTo.SeriesReset(checkpoint.Index);
    }

    private bool Process(ReadOnlySpan<byte> record, WalPosition position)
    {
        var acknowledged = _options.ResumeAfter is { } resume && position <= resume;
        var minT = _options.ResumeAfter is null ? _options.StartTimestamp : long.MinValue;
        var type = RecordDecoder.Type(record);
        _options.Metrics?.RecordRead(type switch
        {
            RecordType.Series => WatcherMetrics.RecordKind.Series,
            RecordType.Samples => WatcherMetrics.RecordKind.Samples,
            RecordType.Exemplars => WatcherMetrics.RecordKind.Exemplars,
            RecordType.HistogramSamples => WatcherMetrics.RecordKind.HistogramSamples,
            RecordType.FloatHistogramSamples => WatcherMetrics.RecordKind.FloatHistogramSamples,
            RecordType.Tombstones => WatcherMetrics.RecordKind.Tombstones,
            RecordType.Metadata => WatcherMetrics.RecordKind.Metadata,
            _ => WatcherMetrics.RecordKind.Unknown,
        });
        try
        {
            switch (type)
            {
                case RecordType.Series:
                    if (DecodeSeries(record, out var series))
                    {
                        _writeTo.StoreSeries(series, position.Segment);
                    }

                    return true;
                case RecordType.Samples:
                    _samples.Clear();
                    RecordDecoder.Samples(record, _samples);
                    return SendSamples(minT, acknowledged);
                case RecordType.Exemplars:
                    _exemplars.Clear();
                    RecordDecoder.Exemplars(record, _exemplars);
                    return SendExemplars(minT, acknowledged);
                case RecordType.HistogramSamples:
                    _histograms.Clear();
                    RecordDecoder.HistogramSamples(record, _histograms);
                    return SendHistograms(minT, acknowledged);
                case RecordType.FloatHistogramSamples:
                    _floatHistograms.Clear();
                    RecordDecoder.FloatHistogramSamples(record, _floatHistograms);
                    return SendFloatHistograms(minT, acknowledged);
                default:
                    // Tombstones, metadata and memory-map markers are not remote-written.
                    return true;
            }
        }
        catch (RecordDecodeException e)
        {
            _logger.LogError(e, "WAL watcher: undecodable record at segment {Segment} offset {Offset}", position.Segment, position.Offset);
            Interlocked.Increment(ref _recordsCorrupt);
            _options.Metrics?.DecodeFailures.Inc();
            return true;
        }
    }

    private bool DecodeSeries(ReadOnlySpan<byte> record, out RefSeries[] series)
    {
        _series.Clear();
        try
        {
            RecordDecoder.Series(record, _series);
        }
        catch (RecordDecodeException e)
        {
            _logger.LogError(e, "WAL watcher: undecodable series record");
            Interlocked.Increment(ref _recordsCorrupt);
            _options.Metrics?.DecodeFailures.Inc();
            series = [];
            return false;
        }

        series = new RefSeries[_series.Count];
        for (var i = 0; i < series.Length; i++)
        {
            series[i] = new RefSeries(_series[i].Ref, _series[i].Labels);
        }

        return true;
    }

    private bool Skip(int count, bool acknowledged)
    {
        if (acknowledged)
        {
            Interlocked.Add(ref _samplesSkippedAcknowledged, count);
        }

        return acknowledged;
    }

    private bool SendSamples(long minT, bool acknowledged)
    {
        if (Skip(_samples.Count, acknowledged))
        {
            return true;
        }

        var send = new RefSample[_samples.Count];
        var n = 0;
        foreach (var s in _samples)
        {
            if (s.T < minT)
            {
                Interlocked.Increment(ref _samplesSkippedOld);
                continue;
            }

            send[n++] = new RefSample(s.Ref, s.T, s.V);
        }

        return n == 0 || _writeTo.Append(send.AsSpan(0, n));
    }

    private bool SendExemplars(long minT, bool acknowledged)
    {
        if (Skip(_exemplars.Count, acknowledged))
        {
            return true;
        }

        var send = new RefExemplar[_exemplars.Count];
        var n = 0;
        foreach (var e in _exemplars)
        {
            if (e.T < minT)
            {
                Interlocked.Increment(ref _samplesSkippedOld);
                continue;
            }

            send[n++] = new RefExemplar(e.Ref, e.T, e.V, e.Labels);
        }

        return n == 0 || _writeTo.AppendExemplars(send.AsSpan(0, n));
    }

    private bool SendHistograms(long minT, bool acknowledged)
    {
        if (Skip(_histograms.Count, acknowledged))
        {
            return true;
        }

        var send = new RefHistogramSample[_histograms.Count];
        var n = 0;
        foreach (var h in _histograms)
        {
            if (h.T < minT)
            {
                Interlocked.Increment(ref _samplesSkippedOld);
                continue;
            }

            send[n++] = new RefHistogramSample(h.Ref, h.T, RecordConversions.ToNative(h.H, h.T));
        }

        return n == 0 || _writeTo.AppendHistograms(send.AsSpan(0, n));
    }

    private bool SendFloatHistograms(long minT, bool acknowledged)
    {
        if (Skip(_floatHistograms.Count, acknowledged))
        {
            return true;
        }

        var send = new RefHistogramSample[_floatHistograms.Count];
        var n = 0;
        foreach (var h in _floatHistograms)
        {
            if (h.T < minT)
            {
                Interlocked.Increment(ref _samplesSkippedOld);
                continue;
            }

            send[n++] = new RefHistogramSample(h.Ref, h.T, RecordConversions.ToNative(h.FH, h.T));
        }

        return n == 0 || _writeTo.AppendHistograms(send.AsSpan(0, n));
    }
}
