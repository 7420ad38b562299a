using Microsoft.Extensions.Logging;
using Vigil.Common.Model;
using Vigil.Wal;
using Vigil.Wal.Records;

namespace Vigil.Metrics.Storage;

/// <summary>
/// Prometheus "agent mode" storage: series in memory, every sample in a write-ahead log, no queries.
/// Behaviour follows grafana/agent static/metrics/wal/wal.go (itself from prometheus tsdb/agent): replay at open
/// (checkpoint, then segments) with repair of a corrupt tail, refs that keep increasing across restarts, and
/// <see cref="Truncate"/> that collects stale series and checkpoints the oldest two thirds of the segments.
/// The WAL lives in <c>&lt;directory&gt;/wal</c>.
/// </summary>
internal sealed class WalStorage : IDisposable
{
    /// <summary>Prometheus' staleness marker: a NaN with this exact bit pattern.</summary>
    public const ulong StaleNaNBits = 0x7ff0000000000002;

    private readonly ReaderWriterLockSlim _walLock = new(LockRecursionPolicy.NoRecursion);
    private readonly Lock _truncateLock = new();
    private readonly Lock _deletedLock = new();
    private readonly Dictionary<ulong, int> _deleted = [];
    private readonly Lock _unloggedLock = new();
    private readonly List<RefSeries> _unlogged = [];
    private readonly Lock _poolLock = new();
    private readonly Stack<WalAppender> _pool = new();
    private readonly WalStorageOptions _options;
    private readonly ILogger _logger;
    private WalWriter _wal;
    private long _nextRef;
    private bool _closed;

    private WalStorage(string directory, WalStorageOptions options, WalWriter wal)
    {
        Directory = directory;
        _options = options;
        _logger = options.Logger;
        _wal = wal;
        Metrics = new StorageMetrics(options.Metrics ?? Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        Series = new StripeSeries(options.StripeSize);
        NextRef = () => (ulong)Interlocked.Increment(ref _nextRef);
    }

    /// <summary>The instance directory (the WAL is its <c>wal</c> subdirectory).</summary>
    public string Directory { get; }

    public string WalDirectory => _wal.Dir;

    internal StorageMetrics Metrics { get; }

    internal StripeSeries Series { get; private set; }

    internal Func<ulong> NextRef { get; }

    /// <summary>The last ref handed out; the next series gets this plus one.</summary>
    internal ulong LastRef => (ulong)Interlocked.Read(ref _nextRef);

    /// <summary>Always 0: the agent storage holds no queryable data.</summary>
    public static long StartTime => 0;

    /// <summary>
    /// Opens the storage in <paramref name="directory"/>, replaying its WAL. A corrupt WAL is repaired (data after the
    /// corruption is lost, and counted); one that cannot be repaired is emptied. Neither prevents opening.
    /// </summary>
    public static WalStorage Open(string directory, WalStorageOptions? options = null)
    {
        options ??= new WalStorageOptions();
        var walDir = Path.Combine(directory, "wal");
        WalWriter wal;
        try
        {
            wal = WalWriter.Open(walDir, WriterOptions(options));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"open WAL directory {walDir}: {e.Message}", e);
        }

        var storage = new WalStorage(directory, options, wal);
        try
        {
            storage.ReplayOrRepair();
        }
        catch
        {
            storage.Dispose();
            throw;
        }

        return storage;
    }

    /// <summary>An appender for one batch. Thread-safe; appenders are pooled.</summary>
    public IAppender Appender()
    {
        lock (_poolLock)
        {
            if (_pool.TryPop(out var appender))
            {
                return appender;
            }
        }

        return new WalAppender(this);
    }

    /// <summary>
    /// The storage's own label set of series <paramref name="seriesRef"/> when it equals <paramref name="labels"/>,
    /// else <paramref name="labels"/>: a remote-write queue that read the series back from the WAL keeps the one
    /// instance the storage (and the scrape cache) already hold instead of a second copy.
    /// </summary>
    public Labels SharedLabels(ulong seriesRef, Labels labels) =>
        Series.GetById(seriesRef) is { } series && series.Labels.Equals(labels) ? series.Labels : labels;

    /// <summary>
    /// Removes series with no sample at or after <paramref name="mint"/> from memory, starts a new segment, checkpoints
    /// the oldest two thirds of the segments, deletes them, and deletes older checkpoints. Segments from
    /// <paramref name="keepFromSegment"/> on are never checkpointed away: a remote-write queue still has to read them.
    /// </summary>
    /// <returns>The last segment that was checkpointed and deleted, or -1 when none was.</returns>
    public int Truncate(long mint, int keepFromSegment = int.MaxValue)
    {
        _walLock.EnterReadLock();
        try
        {
            if (_closed)
            {
                throw new WalClosedException();
            }

            lock (_truncateLock)
            {
                return TruncateLocked(mint, keepFromSegment);
            }
        }
        finally
        {
            _walLock.ExitReadLock();
        }
    }

    /// <summary>
    /// Appends a staleness marker at the current time to every series and commits; then, when <paramref name="remoteTs"/>
    /// is given, waits (at most a minute) until remote write has sent up to that time.
    /// </summary>
    public async Task WriteStalenessMarkersAsync(Func<long>? remoteTs, CancellationToken cancellationToken = default)
    {
        var app = Appender();
        Exception? lastError = null;
        long lastTs = 0;
        var stale = BitConverter.UInt64BitsToDouble(StaleNaNBits);
        foreach (var series in Series.All())
        {
            var ts = _options.Time.GetUtcNow().ToUnixTimeMilliseconds();
            try
            {
                app.Append(series.Ref, series.Labels, ts, stale);
            }
            catch (InvalidSampleException e)
            {
                lastError = e;
            }

            lastTs = ts / 1000 * 1000;
        }

        if (lastError is not null)
        {
            app.Rollback();
            throw lastError;
        }

        app.Commit();
        if (remoteTs is null)
        {
            return;
        }

        var deadline = _options.Time.GetUtcNow() + TimeSpan.FromMinutes(1);
        while (remoteTs() < lastTs)
        {
            if (_options.Time.GetUtcNow() >= deadline)
            {
                _logger.LogError("timed out waiting for staleness markers to be written");
                return;
            }

            _logger.LogInformation("remote write hasn't written staleness markers yet: remoteTs={RemoteTs} lastTs={LastTs}", remoteTs(), lastTs);
            await Task.Delay(TimeSpan.FromSeconds(5), _options.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Flushes and closes the WAL. A second call throws "already closed".</summary>
    public void Close()
    {
        _walLock.EnterWriteLock();
        try
        {
            if (_closed)
            {
                throw new InvalidOperationException("already closed");
            }

            _closed = true;
            _wal.Close();
        }
        finally
        {
            _walLock.ExitWriteLock();
        }
    }

    public void Dispose()
    {
        if (!_closed)
        {
            try
            {
                Close();
            }
            catch (IOException e)
            {
                _logger.LogError(e, "close WAL storage {Directory}", Directory);
            }
        }

        _walLock.Dispose();
    }

    /// <summary>Moves the ref counter up to a replayed ref, so that new series never reuse one.</summary>
    internal void ObserveRef(ulong seriesRef)
    {
        if (seriesRef > LastRef)
        {
            Interlocked.Exchange(ref _nextRef, (long)seriesRef);
        }
    }

    internal void Return(WalAppender appender)
    {
        lock (_poolLock)
        {
            _pool.Push(appender);
        }
    }

    /// <summary>Writes an appender's batch: pending series (and series of earlier failed batches), then its samples.</summary>
    internal void Log(WalAppender app, bool samplesToo)
    {
        _walLock.EnterReadLock();
        try
        {
            if (_closed)
            {
                throw new WalClosedException();
            }

            List<RefSeries>? carried = null;
            lock (_unloggedLock)
            {
                if (_unlogged.Count > 0)
                {
                    carried = [.. _unlogged];
                    _unlogged.Clear();
                }
            }

            var n = 0;
            var buffers = app.Buffers;
            if (app.PendingSeries.Count > 0 || carried is not null)
            {
                var b = buffers[0];
                b.Reset();
                if (carried is not null)
                {
                    carried.AddRange(app.PendingSeries);
                    RecordEncoder.Series(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(carried), b);
                }
                else
                {
                    RecordEncoder.Series(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(app.PendingSeries), b);
                }

                app.Records[n++] = b.WrittenMemory;
            }

            if (samplesToo)
            {
                if (app.PendingSamples.Count > 0)
                {
                    var b = buffers[1];
                    b.Reset();
                    RecordEncoder.Samples(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(app.PendingSamples), b);
                    app.Records[n++] = b.WrittenMemory;
                }

                if (app.PendingHistograms.Count > 0)
                {
                    var b = buffers[2];
                    b.Reset();
                    RecordEncoder.HistogramSamples(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(app.PendingHistograms), b);
                    app.Records[n++] = b.WrittenMemory;
                }

                if (app.PendingFloatHistograms.Count > 0)
                {
                    var b = buffers[3];
                    b.Reset();
                    RecordEncoder.FloatHistogramSamples(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(app.PendingFloatHistograms), b);
                    app.Records[n++] = b.WrittenMemory;
                }

                // Exemplars last, so that remote write never sends an exemplar before its series exists.
                if (app.PendingExemplars.Count > 0)
                {
                    var b = buffers[4];
                    b.Reset();
                    RecordEncoder.Exemplars(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(app.PendingExemplars), b);
                    app.Records[n++] = b.WrittenMemory;
                }
            }

            if (n == 0)
            {
                return;
            }

            try
            {
                _wal.Log(app.Records.AsSpan(0, n));
            }
            catch (IOException e)
            {
                Metrics.CommitsFailed.Inc();
                if (samplesToo)
                {
                    var samples = app.PendingSamples.Count + app.PendingHistograms.Count + app.PendingFloatHistograms.Count;
                    Metrics.SamplesDropped.WithLabels("wal_write_failed").Inc(samples);
                    Metrics.ExemplarsDropped.WithLabels("wal_write_failed").Inc(app.PendingExemplars.Count);
                }

                // The series exist in memory, so they must reach the WAL with a later batch.
                lock (_unloggedLock)
                {
                    _unlogged.AddRange(carried ?? []);
                    if (carried is null)
                    {
                        _unlogged.AddRange(app.PendingSeries);
                    }
                }

                _logger.LogError(e, "write to WAL {Dir} failed", _wal.Dir);
                throw new WalWriteException($"write to WAL {_wal.Dir}: {e.Message}", e);
            }
        }
        finally
        {
            _walLock.ExitReadLock();
        }
    }

    private static WalWriterOptions WriterOptions(WalStorageOptions options) => new()
    {
        SegmentSize = options.SegmentSize,
        Compress = true,
        Files = options.Files,
        Metrics = options.Metrics is null ? null : new WalMetrics(options.Metrics),
        Logger = options.Logger,
    };

    private void ReplayOrRepair()
    {
        try
        {
            new WalReplay(this, _logger).Run(_wal.Dir);
            return;
        }
        catch (WalCorruptionException e)
        {
            Metrics.Corruptions.Inc();
            _logger.LogWarning(e, "encountered WAL read error, attempting repair");
            if (e.Segment >= 0 && e.Directory is not null && Path.GetFullPath(e.Directory) == Path.GetFullPath(_wal.Dir))
            {
                Metrics.Repairs.Inc();
                try
                {
                    _wal.Repair(e);
                    return;
                }
                catch (Exception re) when (re is IOException or UnauthorizedAccessException)
                {
                    _logger.LogWarning(re, "WAL repair failed, truncating");
                }
            }
        }

        // Not repairable (a corrupt checkpoint, or the repair failed): start over with an empty WAL rather than not at all.
        Metrics.RepairsFailed.Inc();
        _wal.Dispose();
        foreach (var s in Vigil.Wal.WalDirectory.ListSegments(_wal.Dir))
        {
            File.Delete(s.Path);
        }

        Vigil.Wal.WalDirectory.DeleteCheckpoints(_wal.Dir, int.MaxValue);
        Series = new StripeSeries(_options.StripeSize);
        Interlocked.Exchange(ref _nextRef, 0);
        Metrics.ActiveSeries.Set(0);
        _wal = WalWriter.Open(_wal.Dir, WriterOptions(_options));
        _logger.LogError("WAL in {Dir} could not be repaired and was emptied", _wal.Dir);
    }

    private int TruncateLocked(long mint, int keepFromSegment)
    {
        var dir = _wal.Dir;
        var deleted = Series.Gc(mint);
        Metrics.ActiveSeries.Dec(deleted.Count);
        var (_, lastSegment) = Vigil.Wal.WalDirectory.Segments(dir);
        lock (_deletedLock)
        {
            foreach (var r in deleted)
            {
                _deleted[r] = lastSegment;
            }

            Metrics.DeletedSeries.Set(_deleted.Count);
        }

        var (first, last) = Vigil.Wal.WalDirectory.Segments(dir);
        _wal.NextSegment();

        // Never checkpoint the segment being written.
        last--;
        if (last < 0)
        {
            return -1;
        }

        last = Math.Min(first + ((last - first) * 2 / 3), keepFromSegment - 1);
        if (last <= first)
        {
            return -1;
        }

        bool Keep(ulong id)
        {
            if (Series.GetById(id) is not null)
            {
                return true;
            }

            lock (_deletedLock)
            {
                return _deleted.TryGetValue(id, out var segment) && segment > last;
            }
        }

        Checkpoint.Create(_wal, first, last, Keep, mint, _logger);
        try
        {
            _wal.Truncate(last + 1);
        }
        catch (IOException e)
        {
            _logger.LogError(e, "truncating segments failed");
        }

        lock (_deletedLock)
        {
            foreach (var (r, segment) in _deleted.ToArray())
            {
                if (segment <= last)
                {
                    _deleted.Remove(r);
                    Metrics.RemovedSeries.Inc();
                }
            }

            Metrics.DeletedSeries.Set(_deleted.Count);
        }

        try
        {
            Vigil.Wal.WalDirectory.DeleteCheckpoints(dir, last);
        }
        catch (IOException e)
        {
            _logger.LogError(e, "delete old checkpoints");
        }

        _logger.LogInformation("WAL checkpoint complete: first={First} last={Last}", first, last);
        return last;
    }
}
