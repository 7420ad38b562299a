namespace Vigil.Metrics.RemoteWrite.Watcher;

/// <summary>A point in the WAL: a segment index and a byte offset in it, just after a whole record.</summary>
internal readonly record struct WalPosition(int Segment, long Offset) : IComparable<WalPosition>
{
    public int CompareTo(WalPosition other) =>
        Segment != other.Segment ? Segment.CompareTo(other.Segment) : Offset.CompareTo(other.Offset);

    public static bool operator <(WalPosition a, WalPosition b) => a.CompareTo(b) < 0;

    public static bool operator >(WalPosition a, WalPosition b) => a.CompareTo(b) > 0;

    public static bool operator <=(WalPosition a, WalPosition b) => a.CompareTo(b) <= 0;

    public static bool operator >=(WalPosition a, WalPosition b) => a.CompareTo(b) >= 0;
}
