using System.Buffers.Binary;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Snappier;

namespace Vigil.Wal;

/// <summary>
/// Appends records to a Prometheus-format write-ahead log directory.
/// Behaviour follows prometheus tsdb/wlog/wlog.go (WL): records are cut into fragments that never cross a 32 KiB page,
/// the partial page is written to the file at the end of every <see cref="Log(ReadOnlySpan{byte})"/> call (page cache,
/// no fsync), and a segment is fsynced when it is closed (rollover, <see cref="Close"/>) or on <see cref="Sync"/>.
/// A new segment is always started on open. One difference: a failed write (full disk) rolls the segment back to where
/// the batch began, so a failed batch never leaves a torn record in the middle of the log, and later batches can succeed.
/// </summary>
public sealed class WalWriter : IDisposable
{
    private readonly Lock _lock = new();
    private readonly WalWriterOptions _options;
    private readonly WalMetrics _metrics;
    private readonly ILogger _logger;
    private readonly byte[] _page = new byte[WalFormat.PageSize];
    private readonly byte[] _rollbackPage = new byte[WalFormat.PageSize];
    private byte[] _compressed = new byte[WalFormat.PageSize];
    private ISegmentFile _segment;
    private int _segmentIndex;
    private int _donePages;
    private int _alloc;
    private int _flushed;
    private bool _closed;
    private Task _pendingClose = Task.CompletedTask;

    private bool _inBatch;
    private bool _rollbackSaved;
    private int _snapSegment;
    private int _snapDonePages;
    private int _snapAlloc;
    private int _snapFlushed;

    private WalWriter(string dir, WalWriterOptions options, ISegmentFile segment, int index)
    {
        Dir = dir;
        _options = options;
        _metrics = options.Metrics ?? WalMetrics.Unregistered();
        _logger = options.Logger;
        _segment = segment;
        SetSegment(segment, index);
    }

    /// <summary>The directory holding the segments.</summary>
    public string Dir { get; }

    public int SegmentSize => _options.SegmentSize;

    public bool Compress => _options.Compress;

    /// <summary>The index of the segment being written.</summary>
    public int CurrentSegment
    {
        get
        {
            lock (_lock)
            {
                return _segmentIndex;
            }
        }
    }

    /// <summary>Opens (creating it when missing) a log directory and starts a new segment after the last one.</summary>
    public static WalWriter Open(string dir, WalWriterOptions? options = null)
    {
        options ??= new WalWriterOptions();
        if (options.SegmentSize <= 0 || options.SegmentSize % WalFormat.PageSize != 0)
        {
            throw new ArgumentException($"invalid segment size {options.SegmentSize}: must be a positive multiple of {WalFormat.PageSize}", nameof(options));
        }

        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"create WAL directory {dir}: {e.Message}", e);
        }

        var (_, last) = WalDirectory.Segments(dir);
        var index = last + 1;
        var segment = options.Files.OpenWrite(WalDirectory.SegmentName(dir, index));
        return new WalWriter(dir, options, segment, index);
    }

    /// <summary>Writes one record and flushes the partial page to the file.</summary>
    /// <exception cref="IOException">The write failed; nothing of this call is left in the log.</exception>
    public void Log(ReadOnlySpan<byte> record)
    {
        lock (_lock)
        {
            ThrowIfClosed();
            BeginBatch();
            try
            {
                LogRecord(record, final: true);
            }
            catch (IOException)
            {
                RollbackBatch();
                throw;
            }
            finally
            {
                _inBatch = false;
            }
        }
    }

    /// <summary>Writes records in order with one flush at the end. The caller keeps ownership of the memory.</summary>
    /// <exception cref="IOException">The write failed; records of this call that went to a finished segment stay, the rest are removed.</exception>
    public void Log(ReadOnlySpan<ReadOnlyMemory<byte>> records)
    {
        lock (_lock)
        {
            ThrowIfClosed();
            BeginBatch();
            try
            {
                for (var i = 0; i < records.Length; i++)
                {
                    LogRecord(records[i].Span, final: i == records.Length - 1);
                }
            }
            catch (IOException)
            {
                RollbackBatch();
                throw;
            }
            finally
            {
                _inBatch = false;
            }
        }
    }

    /// <summary>Closes the current segment (padded, fsynced in the background) and starts the next one.</summary>
    public int NextSegment()
    {
        lock (_lock)
        {
            ThrowIfClosed();
            BeginBatch();
            try
            {
                NextSegmentCore();
            }
            catch (IOException)
            {
                RollbackBatch();
                throw;
            }
            finally
            {
                _inBatch = false;
            }

            return _segmentIndex;
        }
    }

    /// <summary>The segment being written and how many bytes of it are filled.</summary>
    public (int Segment, long Offset) LastSegmentAndOffset()
    {
        lock (_lock)
        {
            return (_segmentIndex, ((long)_donePages * WalFormat.PageSize) + _alloc);
        }
    }

    /// <summary>Deletes every segment with an index below <paramref name="index"/>.</summary>
    public void Truncate(int index)
    {
        _metrics.Truncations.Inc();
        try
        {
            foreach (var s in WalDirectory.ListSegments(Dir))
            {
                if (s.Index >= index)
                {
                    break;
                }

                File.Delete(s.Path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _metrics.TruncationsFailed.Inc();
            throw;
        }
    }

    /// <summary>Forces the current segment to stable storage.</summary>
    public void Sync()
    {
        lock (_lock)
        {
            ThrowIfClosed();
            Fsync(_segment);
        }
    }

    /// <summary>
    /// Cuts the log back to the last good record before <paramref name="corruption"/>: later segments are deleted, the
    /// corrupted one is rewritten with the records that precede the corruption, and writing continues in a new segment.
    /// </summary>
    public void Repair(WalCorruptionException corruption)
    {
        ArgumentNullException.ThrowIfNull(corruption);
        if (corruption.Segment < 0)
        {
            throw new ArgumentException("corruption error does not specify position", nameof(corruption));
        }

        lock (_lock)
        {
            ThrowIfClosed();
            _logger.LogWarning("Starting corruption repair: segment={Segment} offset={Offset}", corruption.Segment, corruption.Offset);
            WaitPendingClose();
            _segment.Dispose();

            // Segments after the corrupted one can no longer be reached by a reader: delete them.
            foreach (var s in WalDirectory.ListSegments(Dir))
            {
                if (s.Index > corruption.Segment)
                {
                    File.Delete(s.Path);
                }
            }

            var name = WalDirectory.SegmentName(Dir, corruption.Segment);
            var repairName = name + ".repair";
            File.Move(name, repairName, overwrite: true);

            var fresh = _options.Files.OpenWrite(name);
            SetSegment(fresh, corruption.Segment);
            ResetPageState();
            var kept = 0;
            using (var source = new SegmentBufReader([new SegmentRef(repairName, corruption.Segment)]))
            using (var reader = new WalReader(source))
            {
                while (reader.Next())
                {
                    // Keep records only up to where the error was.
                    if (reader.Offset >= corruption.Offset)
                    {
                        break;
                    }

                    LogRecord(reader.Record, final: true);
                    kept++;
                }
            }

            if (_alloc > 0)
            {
                FlushPage(forceClear: true);
            }

            Fsync(fresh);
            fresh.Dispose();
            File.Delete(repairName);

            // Always continue in a new segment, as on open.
            var next = _options.Files.OpenWrite(WalDirectory.SegmentName(Dir, corruption.Segment + 1));
            SetSegment(next, corruption.Segment + 1);
            ResetPageState();
            _logger.LogWarning("Corruption repair done: segment={Segment} records_kept={Kept}", corruption.Segment, kept);
        }
    }

    /// <summary>Pads and writes the last page, fsyncs and closes the segment.</summary>
    public void Close()
    {
        lock (_lock)
        {
            if (_closed)
            {
                throw new InvalidOperationException("wlog already closed");
            }

            _closed = true;
            try
            {
                // An empty page is not written: it would mark the segment as done if it were reopened.
                if (_alloc > 0)
                {
                    FlushPage(forceClear: true);
                }
            }
            finally
            {
                WaitPendingClose();
                try
                {
                    Fsync(_segment);
                }
                catch (IOException e)
                {
                    _logger.LogError(e, "sync segment {Segment} on close", _segmentIndex);
                }

                _segment.Dispose();
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }
        }

        try
        {
            Close();
        }
        catch (IOException e)
        {
            _logger.LogError(e, "close WAL {Dir}", Dir);
        }
    }

    private bool PageFull => WalFormat.PageSize - _alloc < WalFormat.RecordHeaderSize;

    private void LogRecord(ReadOnlySpan<byte> record, bool final)
    {
        // A page left full by an earlier call is finished before anything is added.
        if (PageFull)
        {
            FlushPage(forceClear: true);
        }

        var enc = record;
        byte compressionFlag = 0;
        if (_options.Compress && record.Length > 0)
        {
            var max = Snappy.GetMaxCompressedLength(record.Length);
            if (_compressed.Length < max)
            {
                _compressed = new byte[Math.Max(max, _compressed.Length * 2)];
            }

            var n = Snappy.Compress(record, _compressed);
            var saved = record.Length - n;

            // Compression is skipped, and the flag left unset, when it does not save bytes.
            if (saved > 0)
            {
                enc = _compressed.AsSpan(0, n);
                compressionFlag = WalFormat.SnappyMask;
                _metrics.RecordBytesSaved.WithLabels("snappy").Inc(saved);
            }
        }

        // Records never cross segments: one that does not fit in what is left of this segment starts the next.
        var left = WalFormat.PageSize - _alloc - WalFormat.RecordHeaderSize;
        left += WalFormat.MaxFragmentSize * (PagesPerSegment - _donePages - 1);
        if (enc.Length > left)
        {
            NextSegmentCore();
        }

        // One pass at least, so that an empty record is written too.
        for (var i = 0; i == 0 || enc.Length > 0; i++)
        {
            var l = Math.Min(enc.Length, WalFormat.PageSize - _alloc - WalFormat.RecordHeaderSize);
            var part = enc[..l];
            FragmentType type;
            if (i == 0 && l == enc.Length)
            {
                type = FragmentType.Full;
            }
            else if (l == enc.Length)
            {
                type = FragmentType.Last;
            }
            else if (i == 0)
            {
                type = FragmentType.First;
            }
            else
            {
                type = FragmentType.Middle;
            }

            var buf = _page.AsSpan(_alloc);
            buf[0] = (byte)((byte)type | compressionFlag);
            BinaryPrimitives.WriteUInt16BigEndian(buf[1..], (ushort)l);
            BinaryPrimitives.WriteUInt32BigEndian(buf[3..], Crc32Castagnoli.Compute(part));
            part.CopyTo(buf[WalFormat.RecordHeaderSize..]);
            _alloc += l + WalFormat.RecordHeaderSize;

            if (PageFull)
            {
                FlushPage(forceClear: true);
            }

            enc = enc[l..];
        }

        if (final && _alloc > 0)
        {
            FlushPage(forceClear: false);
        }
    }

    private int PagesPerSegment => _options.SegmentSize / WalFormat.PageSize;

    private void FlushPage(bool forceClear)
    {
        _metrics.PageFlushes.Inc();
        var clear = forceClear || PageFull;
        if (clear)
        {
            // Write till the end of the page: the rest is zero padding.
            _alloc = WalFormat.PageSize;
        }

        _segment.Write(_page.AsSpan(_flushed, _alloc - _flushed), ((long)_donePages * WalFormat.PageSize) + _flushed);
        _flushed = _alloc;
        if (clear)
        {
            if (_inBatch && !_rollbackSaved && _segmentIndex == _snapSegment)
            {
                SaveRollbackPage();
            }

            Array.Clear(_page);
            _alloc = 0;
            _flushed = 0;
            _donePages++;
            _metrics.PageCompletions.Inc();
        }
    }

    private void SaveRollbackPage()
    {
        _page.AsSpan(0, _snapAlloc).CopyTo(_rollbackPage);
        _rollbackSaved = true;
    }

    private void NextSegmentCore()
    {
        // Only flush the current page if it holds data.
        if (_alloc > 0)
        {
            FlushPage(forceClear: true);
        }

        var next = _options.Files.OpenWrite(WalDirectory.SegmentName(Dir, _segmentIndex + 1));
        var prev = _segment;
        var prevIndex = _segmentIndex;
        SetSegment(next, _segmentIndex + 1);

        // Do not block writers on the fsync of the finished segment; closes run one after another.
        var before = _pendingClose;
        _pendingClose = Task.Run(async () =>
        {
            await before.ConfigureAwait(false);
            try
            {
                Fsync(prev);
            }
            catch (IOException e)
            {
                _logger.LogError(e, "sync previous segment {Segment}", prevIndex);
            }
            finally
            {
                prev.Dispose();
            }
        });
    }

    private void SetSegment(ISegmentFile segment, int index)
    {
        _segment = segment;
        _segmentIndex = index;
        _donePages = (int)(segment.Length / WalFormat.PageSize);
        _metrics.CurrentSegment.Set(index);
    }

    private void ResetPageState()
    {
        Array.Clear(_page);
        _alloc = 0;
        _flushed = 0;
    }

    private void BeginBatch()
    {
        _inBatch = true;
        _rollbackSaved = false;
        _snapSegment = _segmentIndex;
        _snapDonePages = _donePages;
        _snapAlloc = _alloc;
        _snapFlushed = _flushed;
    }

    private void RollbackBatch()
    {
        _metrics.WritesFailed.Inc();
        if (_segmentIndex == _snapSegment)
        {
            if (_rollbackSaved)
            {
                _rollbackPage.AsSpan(0, _snapAlloc).CopyTo(_page);
            }

            _page.AsSpan(_snapAlloc).Clear();
            _donePages = _snapDonePages;
            _alloc = _snapAlloc;
            _flushed = _snapFlushed;
        }
        else
        {
            // The batch started a new segment; what it wrote to the previous one is whole records.
            ResetPageState();
            _donePages = 0;
        }

        try
        {
            _segment.SetLength(((long)_donePages * WalFormat.PageSize) + _flushed);
        }
        catch (IOException e)
        {
            // Positional writes overwrite the leftover at the next attempt; a reader would stop there and repair.
            _logger.LogError(e, "truncate segment {Segment} after a failed write", _segmentIndex);
        }
    }

    private void Fsync(ISegmentFile file)
    {
        var start = Stopwatch.GetTimestamp();
        file.Sync();
        _metrics.FsyncDuration.Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    private void WaitPendingClose()
    {
        try
        {
            _pendingClose.Wait();
        }
        catch (AggregateException e)
        {
            _logger.LogError(e, "close previous segment");
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new ObjectDisposedException(nameof(WalWriter), "wlog is closed");
        }
    }
}
