using Vigil.Common.Time;

namespace Vigil.Common.Yaml;

/// <summary>
/// A Go <c>time.Duration</c> config value: read as "1h30m" or "1.5s", written as "1h30m0s".
/// Used by Grafana Agent's own fields (<c>wal_truncate_frequency</c>, <c>remote_flush_deadline</c>, ...).
/// </summary>
public readonly record struct Duration(TimeSpan Value) : IComparable<Duration>
{
    public static Duration Zero => default;

    public static Duration Parse(string text) =>
        GoDuration.TryParseGo(text, out var v, out var error) ? new Duration(v) : throw new FormatException(error);

    public static Duration FromSeconds(double seconds) => new(TimeSpan.FromSeconds(seconds));

    public static Duration FromMinutes(double minutes) => new(TimeSpan.FromMinutes(minutes));

    public static Duration FromHours(double hours) => new(TimeSpan.FromHours(hours));

    public int CompareTo(Duration other) => Value.CompareTo(other.Value);

    public static bool operator <(Duration a, Duration b) => a.Value < b.Value;

    public static bool operator >(Duration a, Duration b) => a.Value > b.Value;

    public static bool operator <=(Duration a, Duration b) => a.Value <= b.Value;

    public static bool operator >=(Duration a, Duration b) => a.Value >= b.Value;

    public override string ToString() => GoDuration.FormatGo(Value);
}
