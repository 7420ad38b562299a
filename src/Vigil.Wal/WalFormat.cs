namespace Vigil.Wal;

/// <summary>
/// Numbers of the Prometheus write-ahead log format (tsdb/wlog). See docs/formats/wal.md.
/// </summary>
public static class WalFormat
{
    /// <summary>Segments are written in pages of 32 KiB; a fragment never crosses a page.</summary>
    public const int PageSize = 32 * 1024;

    /// <summary>type(1) | length(2, big-endian) | CRC32-Castagnoli(4, big-endian) of the fragment data.</summary>
    public const int RecordHeaderSize = 7;

    /// <summary>The largest fragment payload: a whole page minus its header.</summary>
    public const int MaxFragmentSize = PageSize - RecordHeaderSize;

    /// <summary>Default segment size, as Prometheus and Grafana Agent use: 128 MiB.</summary>
    public const int DefaultSegmentSize = 128 * 1024 * 1024;

    /// <summary>Bit 3 of the fragment type byte: the record is snappy-compressed.</summary>
    public const byte SnappyMask = 1 << 3;

    /// <summary>Bit 4 of the fragment type byte: the record is zstd-compressed (newer Prometheus; not read).</summary>
    public const byte ZstdMask = 1 << 4;

    /// <summary>The low 3 bits of the fragment type byte.</summary>
    public const byte FragmentTypeMask = SnappyMask - 1;

    /// <summary>Prefix of checkpoint directories: <c>checkpoint.%08d</c>.</summary>
    public const string CheckpointPrefix = "checkpoint.";
}
