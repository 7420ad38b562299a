using System.Buffers.Binary;
using System.Globalization;
using Snappier;

namespace Vigil.Wal;

/// <summary>
/// Reads records from a segment that is still being written (Prometheus tsdb/wlog/live_reader.go), e.g. for the
/// remote-write watcher. <see cref="Next"/> returns false either when no complete record is available yet (call it
/// again after the writer made progress) or on corruption (<see cref="Error"/> is then set). Bytes of an incomplete
/// record are kept and the record is parsed again once more data has arrived.
/// </summary>
public sealed class LiveReader
{
    private readonly Stream _stream;
    private readonly int _segment;
    private readonly string? _directory;
    private byte[] _data = new byte[2 * WalFormat.PageSize];
    private byte[] _record = new byte[WalFormat.PageSize];
    private byte[] _compressed = new byte[WalFormat.PageSize];
    private int _start;
    private int _end;
    private long _base;
    private int _recordLength;
    private string? _error;

    /// <param name="stream">The segment, positioned at its start; the caller owns it.</param>
    public LiveReader(Stream stream, int segment = -1, string? directory = null)
    {
        _stream = stream;
        _segment = segment;
        _directory = directory;
    }

    /// <summary>The current record; valid until the next call to <see cref="Next"/>.</summary>
    public ReadOnlySpan<byte> Record => _record.AsSpan(0, _recordLength);

    /// <summary>The offset in the segment just after the last record (or padding) consumed.</summary>
    public long Offset => _base + _start;

    public WalCorruptionException? Error => _error is null ? null : new WalCorruptionException(_directory, _segment, Offset, _error);

    public bool Next()
    {
        if (_error is not null)
        {
            return false;
        }

        while (true)
        {
            var status = TryParse();
            if (status == Status.Record)
            {
                return true;
            }

            if (status == Status.Failed || !Fill())
            {
                return false;
            }
        }
    }

    private enum Status
    {
        Record,
        NeedMore,
        Failed,
    }

    private Status TryParse()
    {
        var pos = _start;
        var compressedLength = 0;
        _recordLength = 0;
        var i = 0;
        while (true)
        {
            if (pos >= _end)
            {
                return Status.NeedMore;
            }

            var absolute = _base + pos;
            var inPage = (int)(absolute % WalFormat.PageSize);
            var typeByte = _data[pos];
            var type = (FragmentType)(typeByte & WalFormat.FragmentTypeMask);
            if (type == FragmentType.PageTerm)
            {
                // Padding is written together with the end of its page; wait for all of it.
                var need = WalFormat.PageSize - inPage;
                if (_end - pos < need)
                {
                    return Status.NeedMore;
                }

                if (_data.AsSpan(pos + 1, need - 1).ContainsAnyExcept((byte)0))
                {
                    return Fail("unexpected non-zero byte in padded page");
                }

                pos += need;
                if (i == 0)
                {
                    _start = pos;
                }

                continue;
            }

            if (_end - pos < WalFormat.RecordHeaderSize)
            {
                return Status.NeedMore;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(pos + 1));
            var crc = BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(pos + 3));
            if (length > WalFormat.MaxFragmentSize)
            {
                return Fail("invalid record size " + length.ToString(CultureInfo.InvariantCulture));
            }

            if (inPage + WalFormat.RecordHeaderSize + length > WalFormat.PageSize)
            {
                return Fail("record would cross page boundary");
            }

            if (_end - pos - WalFormat.RecordHeaderSize < length)
            {
                return Status.NeedMore;
            }

            var data = _data.AsSpan(pos + WalFormat.RecordHeaderSize, length);
            var actual = Crc32Castagnoli.Compute(data);
            if (actual != crc)
            {
                return Fail($"unexpected checksum {actual:x}, expected {crc:x}");
            }

            if (length == 0 && type is FragmentType.Middle or FragmentType.Last)
            {
                return Fail("zero-length fragment after the first");
            }

            var invalid = type switch
            {
                FragmentType.Full or FragmentType.First when i != 0 => "unexpected " + (type == FragmentType.Full ? "full" : "first") + " record",
                FragmentType.Middle or FragmentType.Last when i == 0 => "unexpected " + (type == FragmentType.Middle ? "middle" : "last") + " record",
                FragmentType.Full or FragmentType.First or FragmentType.Middle or FragmentType.Last => null,
                _ => "unexpected record type " + ((byte)type).ToString(CultureInfo.InvariantCulture),
            };
            if (invalid is not null)
            {
                return Fail(invalid);
            }

            var snappy = (typeByte & WalFormat.SnappyMask) != 0;
            if ((typeByte & WalFormat.ZstdMask) != 0)
            {
                return Fail("zstd-compressed records are not supported");
            }

            if (snappy)
            {
                Append(ref _compressed, ref compressedLength, data);
            }
            else
            {
                Append(ref _record, ref _recordLength, data);
            }

            pos += WalFormat.RecordHeaderSize + length;
            if (type is FragmentType.Full or FragmentType.Last)
            {
                if (compressedLength > 0)
                {
                    try
                    {
                        var input = _compressed.AsSpan(0, compressedLength);
                        var size = Snappy.GetUncompressedLength(input);
                        if (size > (compressedLength * 24L) + 64)
                        {
                            return Fail("snappy: implausible declared length");
                        }

                        if (_record.Length < size)
                        {
                            _record = new byte[Math.Max(size, _record.Length * 2)];
                        }

                        _recordLength = Snappy.Decompress(input, _record);
                    }
                    catch (InvalidDataException e)
                    {
                        return Fail("snappy: " + e.Message);
                    }
                }

                _start = pos;
                return Status.Record;
            }

            i++;
        }
    }

    private bool Fill()
    {
        if (_start > 0)
        {
            _data.AsSpan(_start, _end - _start).CopyTo(_data);
            _base += _start;
            _end -= _start;
            _start = 0;
        }

        if (_end == _data.Length)
        {
            Array.Resize(ref _data, _data.Length * 2);
        }

        var n = _stream.Read(_data, _end, _data.Length - _end);
        _end += n;
        return n > 0;
    }

    private Status Fail(string reason)
    {
        _error = reason;
        return Status.Failed;
    }

    private static void Append(ref byte[] target, ref int length, ReadOnlySpan<byte> data)
    {
        if (target.Length < length + data.Length)
        {
            Array.Resize(ref target, Math.Max(length + data.Length, target.Length * 2));
        }

        data.CopyTo(target.AsSpan(length));
        length += data.Length;
    }
}
