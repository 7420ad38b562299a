namespace Vigil.Wal;

/// <summary>
/// A read error at a known place in the log (Prometheus CorruptionErr). <see cref="Segment"/> is -1 when the reader
/// had no segment information; <see cref="Offset"/> is the byte offset in that segment where reading stopped.
/// Repair needs both.
/// </summary>
public sealed class WalCorruptionException : Exception
{
    public WalCorruptionException()
    {
    }

    public WalCorruptionException(string message)
        : base(message)
    {
    }

    public WalCorruptionException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public WalCorruptionException(string? directory, int segment, long offset, string reason, Exception? inner = null)
        : base(Describe(directory, segment, offset, reason), inner)
    {
        Directory = directory;
        Segment = segment;
        Offset = offset;
        Reason = reason;
    }

    public string? Directory { get; }

    public int Segment { get; } = -1;

    public long Offset { get; }

    public string Reason { get; } = string.Empty;

    private static string Describe(string? directory, int segment, long offset, string reason) =>
        segment < 0
            ? $"corruption after {offset} bytes: {reason}"
            : $"corruption in segment {Path.Combine(directory ?? string.Empty, WalDirectory.SegmentFileName(segment))} at {offset}: {reason}";
}
