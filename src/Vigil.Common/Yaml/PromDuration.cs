using Vigil.Common.Time;

namespace Vigil.Common.Yaml;

/// <summary>
/// A Prometheus <c>model.Duration</c> config value: read and written as "1m", "1h30m", "1d", "500ms".
/// Used by Prometheus' own structs (<c>scrape_interval</c>, <c>remote_timeout</c>, ...).
/// </summary>
public readonly record struct PromDuration(TimeSpan Value) : IComparable<PromDuration>
{
    public static PromDuration Zero => default;

    public static PromDuration Parse(string text) =>
        GoDuration.TryParseProm(text, out var v, out var error) ? new PromDuration(v) : throw new FormatException(error);

    public static PromDuration FromSeconds(double seconds) => new(TimeSpan.FromSeconds(seconds));

    public static PromDuration FromMinutes(double minutes) => new(TimeSpan.FromMinutes(minutes));

    public int CompareTo(PromDuration other) => Value.CompareTo(other.Value);

    public static bool operator <(PromDuration a, PromDuration b) => a.Value < b.Value;

    public static bool operator >(PromDuration a, PromDuration b) => a.Value > b.Value;

    public static bool operator <=(PromDuration a, PromDuration b) => a.Value <= b.Value;

    public static bool operator >=(PromDuration a, PromDuration b) => a.Value >= b.Value;

    public override string ToString() => GoDuration.FormatProm(Value);
}
