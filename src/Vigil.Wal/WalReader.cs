using System.Buffers.Binary;
using System.Globalization;
using Snappier;

namespace Vigil.Wal;

/// <summary>
/// Reads whole records from segments. Behaviour follows prometheus tsdb/wlog/reader.go: fragments are checked (CRC,
/// size, order, padding), reassembled and decompressed. <see cref="Next"/> returns false at the end or at the first
/// error; <see cref="Error"/> then says where.
/// </summary>
public sealed class WalReader : IDisposable
{
    private readonly SegmentBufReader _source;
    private readonly byte[] _buf = new byte[WalFormat.PageSize];
    private byte[] _record = new byte[WalFormat.PageSize];
    private byte[] _compressed = new byte[WalFormat.PageSize];
    private int _recordLength;
    private int _compressedLength;
    private long _total;
    private FragmentType _currentType;
    private FragmentType _lastContentType;
    private string? _error;

    public WalReader(SegmentBufReader source)
    {
        _source = source;
    }

    /// <summary>The current record. The memory is reused by the next call to <see cref="Next"/>: copy what you keep.</summary>
    public ReadOnlySpan<byte> Record => _record.AsSpan(0, _recordLength);

    /// <summary>The segment being read.</summary>
    public int Segment => _source.Segment;

    /// <summary>The offset in the current segment just after the current record.</summary>
    public long Offset => _source.Offset;

    /// <summary>The error that stopped reading, or null at a clean end.</summary>
    public WalCorruptionException? Error =>
        _error is null ? null : new WalCorruptionException(_source.SegmentDirectory, _source.Segment, _source.Offset, _error);

    /// <summary>A corruption error at the reader's position, for a record that could not be decoded.</summary>
    public WalCorruptionException CorruptionAt(string reason) =>
        new(_source.SegmentDirectory, _source.Segment, _source.Offset, reason);

    /// <summary>Advances to the next record; false at the end of the log or on an error.</summary>
    public bool Next()
    {
        if (_error is not null)
        {
            return false;
        }

        var end = ReadNext();
        if (end)
        {
            // The last record of a log must not be torn: a crash before its last fragment reached the disk.
            // Padding after the fragment does not hide it (Prometheus only looks at the very last byte read).
            if (_error is null && _lastContentType is FragmentType.First or FragmentType.Middle)
            {
                _error = "last record is torn";
            }

            return false;
        }

        return _error is null;
    }

    public void Dispose() => _source.Dispose();

    // Returns true at the end of the data, false when a record was read or an error was set.
    private bool ReadNext()
    {
        _recordLength = 0;
        _compressedLength = 0;
        var header = _buf.AsSpan(0, WalFormat.RecordHeaderSize);
        var i = 0;
        while (true)
        {
            if (ReadFull(header[..1]) == 0)
            {
                return true;
            }

            _total++;
            _currentType = (FragmentType)(header[0] & WalFormat.FragmentTypeMask);
            var snappy = (header[0] & WalFormat.SnappyMask) != 0;
            var zstd = (header[0] & WalFormat.ZstdMask) != 0;

            if (_currentType == FragmentType.PageTerm)
            {
                // The rest of the page must be zeros.
                var k = WalFormat.PageSize - (int)(_total % WalFormat.PageSize);
                if (k == WalFormat.PageSize)
                {
                    continue;
                }

                var pad = _buf.AsSpan(1, k);
                var n = ReadFull(pad);
                _total += n;
                if (n == 0)
                {
                    return true;
                }

                if (n < k)
                {
                    return Fail("read remaining zeros: unexpected EOF");
                }

                if (pad.ContainsAnyExcept((byte)0))
                {
                    return Fail("unexpected non-zero byte in padded page");
                }

                continue;
            }

            _lastContentType = _currentType;
            var h = ReadFull(header[1..]);
            _total += h;
            if (h == 0)
            {
                return true;
            }

            if (h < WalFormat.RecordHeaderSize - 1)
            {
                return Fail("read remaining header: unexpected EOF");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(header[1..]);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(header[3..]);
            if (length > WalFormat.MaxFragmentSize)
            {
                return Fail("invalid record size " + length.ToString(CultureInfo.InvariantCulture));
            }

            var data = _buf.AsSpan(WalFormat.RecordHeaderSize, length);
            var d = ReadFull(data);
            _total += d;
            if (d != length)
            {
                return Fail("unexpected EOF");
            }

            var actual = Crc32Castagnoli.Compute(data);
            if (actual != crc)
            {
                return Fail($"unexpected checksum {actual:x}, expected {crc:x}");
            }

            if (snappy || zstd)
            {
                Append(ref _compressed, ref _compressedLength, data);
            }
            else
            {
                Append(ref _record, ref _recordLength, data);
            }

            // Neither Prometheus nor this writer ever emits an empty middle or last fragment, but a header torn after its
            // type byte reads as exactly that (zero length, zero CRC) and would silently shorten the record.
            if (length == 0 && _currentType is FragmentType.Middle or FragmentType.Last)
            {
                return Fail("zero-length " + (_currentType == FragmentType.Middle ? "middle" : "last") + " fragment");
            }

            var invalid = Validate(_currentType, i);
            if (invalid is not null)
            {
                return Fail(invalid);
            }

            if (_currentType is FragmentType.Last or FragmentType.Full)
            {
                if (zstd && _compressedLength > 0)
                {
                    return Fail("zstd-compressed records are not supported");
                }

                if (snappy && _compressedLength > 0)
                {
                    return Decompress();
                }

                return false;
            }

            // Only content fragments count towards the fragment sequence.
            i++;
        }
    }

    private bool Decompress()
    {
        var input = _compressed.AsSpan(0, _compressedLength);
        int length;
        try
        {
            length = Snappy.GetUncompressedLength(input);
        }
        catch (InvalidDataException e)
        {
            return Fail("snappy: " + e.Message);
        }

        // Snappy expands at most about 22 times; a larger declared length is a lie, not a record.
        if (length < 0 || length > (_compressedLength * 24L) + 64)
        {
            return Fail("snappy: declared length " + length.ToString(CultureInfo.InvariantCulture) + " is implausible");
        }

        if (_record.Length < length)
        {
            _record = new byte[Math.Max(length, _record.Length * 2)];
        }

        try
        {
            _recordLength = Snappy.Decompress(input, _record);
        }
        catch (InvalidDataException e)
        {
            return Fail("snappy: " + e.Message);
        }

        return false;
    }

    private static string? Validate(FragmentType type, int i) => type switch
    {
        FragmentType.Full when i != 0 => "unexpected full record",
        FragmentType.First when i != 0 => "unexpected first record",
        FragmentType.Middle when i == 0 => "unexpected middle record",
        FragmentType.Last when i == 0 => "unexpected last record",
        FragmentType.Full or FragmentType.First or FragmentType.Middle or FragmentType.Last => null,
        _ => "unexpected record type " + ((byte)type).ToString(CultureInfo.InvariantCulture),
    };

    private static void Append(ref byte[] target, ref int length, ReadOnlySpan<byte> data)
    {
        if (target.Length < length + data.Length)
        {
            Array.Resize(ref target, Math.Max(length + data.Length, target.Length * 2));
        }

        data.CopyTo(target.AsSpan(length));
        length += data.Length;
    }

    private bool Fail(string reason)
    {
        _error = reason;
        return false;
    }

    private int ReadFull(Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var n = _source.Read(destination[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
