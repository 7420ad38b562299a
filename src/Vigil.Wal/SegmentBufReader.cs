namespace Vigil.Wal;

/// <summary>
/// Reads a sequence of segment files as one stream, tracking the current segment and the offset in it for
/// corruption reports. The end of a segment that is not page-aligned reads as zeros up to the page boundary, so a torn
/// page is reported in its own segment (Prometheus segmentBufReader). Files are opened one at a time.
/// </summary>
public sealed class SegmentBufReader : IDisposable
{
    private readonly IReadOnlyList<SegmentRef> _segments;
    private readonly byte[] _buffer = new byte[16 * WalFormat.PageSize];
    private FileStream? _file;
    private int _current;
    private long _offset;
    private int _pos;
    private int _len;

    public SegmentBufReader(IReadOnlyList<SegmentRef> segments)
    {
        _segments = segments;
    }

    /// <summary>The index of the segment being read, or -1 when there are none.</summary>
    public int Segment => _segments.Count == 0 ? -1 : _segments[_current].Index;

    /// <summary>The directory of the segment being read.</summary>
    public string? SegmentDirectory => _segments.Count == 0 ? null : Path.GetDirectoryName(_segments[_current].Path);

    /// <summary>Bytes consumed from the current segment.</summary>
    public long Offset => _offset;

    /// <summary>Segments of <paramref name="dir"/> from <paramref name="first"/> to <paramref name="last"/> (-1: open end).</summary>
    public static SegmentBufReader ForDirectory(string dir, int first = -1, int last = -1) =>
        new(Select(dir, first, last));

    /// <summary>Every segment of several ranges in order, e.g. a checkpoint followed by log segments.</summary>
    public static SegmentBufReader ForRanges(params ReadOnlySpan<(string Dir, int First, int Last)> ranges)
    {
        var all = new List<SegmentRef>();
        foreach (var (dir, first, last) in ranges)
        {
            all.AddRange(Select(dir, first, last));
        }

        return new SegmentBufReader(all);
    }

    /// <summary>Reads up to <paramref name="destination"/>.Length bytes; 0 means the end of the last segment.</summary>
    public int Read(Span<byte> destination)
    {
        if (_segments.Count == 0 || destination.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            if (_pos < _len)
            {
                var n = Math.Min(destination.Length, _len - _pos);
                _buffer.AsSpan(_pos, n).CopyTo(destination);
                _pos += n;
                _offset += n;
                return n;
            }

            _file ??= Open(_segments[_current].Path);
            _len = _file.Read(_buffer);
            _pos = 0;
            if (_len > 0)
            {
                continue;
            }

            // The end of the file: pretend zero padding up to the page boundary.
            var inPage = (int)(_offset % WalFormat.PageSize);
            if (inPage != 0)
            {
                var pad = Math.Min(destination.Length, WalFormat.PageSize - inPage);
                destination[..pad].Clear();
                _offset += pad;
                return pad;
            }

            if (_current + 1 >= _segments.Count)
            {
                return 0;
            }

            _file.Dispose();
            _file = null;
            _current++;
            _offset = 0;
        }
    }

    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
    }

    private static FileStream Open(string path) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0,
            Options = FileOptions.SequentialScan,
        });

    private static List<SegmentRef> Select(string dir, int first, int last)
    {
        var result = new List<SegmentRef>();
        foreach (var s in WalDirectory.ListSegments(dir))
        {
            if (first >= 0 && s.Index < first)
            {
                continue;
            }

            if (last >= 0 && s.Index > last)
            {
                break;
            }

            result.Add(s);
        }

        return result;
    }
}
