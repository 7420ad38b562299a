using System.Diagnostics;

namespace Vigil.LoadGen;

/// <summary>Every request latency in <see cref="Stopwatch"/> ticks; exact percentiles at the end. One per connection.</summary>
internal sealed class LatencyRecorder
{
    private long[] _ticks = new long[4096];

    public int Count { get; private set; }

    public ReadOnlySpan<long> Ticks => _ticks.AsSpan(0, Count);

    public void Record(long ticks)
    {
        if (Count == _ticks.Length)
        {
            Array.Resize(ref _ticks, _ticks.Length * 2);
        }

        _ticks[Count++] = ticks;
    }

    /// <summary>Nearest-rank percentile of sorted latencies, in milliseconds; 0 when there are none.</summary>
    public static double PercentileMs(ReadOnlySpan<long> sortedTicks, double quantile)
    {
        if (sortedTicks.IsEmpty)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(quantile * sortedTicks.Length);
        var index = Math.Clamp(rank - 1, 0, sortedTicks.Length - 1);
        return sortedTicks[index] * 1000.0 / Stopwatch.Frequency;
    }
}
