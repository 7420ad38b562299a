using System.Diagnostics;

namespace Vigil.LoadGen;

/// <summary>
/// Spreads requests over time so that all connections together send <c>rate</c> samples per second: each request
/// claims the next slot of the shared schedule and waits for it. A connection that falls behind sends at once, so a
/// slow receiver lowers the achieved rate instead of piling up requests. Rate 0 never waits.
/// </summary>
internal sealed class Pacer
{
    private readonly double _rate;
    private readonly long _startTimestamp;
    private long _scheduledSamples;

    public Pacer(double rate, long startTimestamp)
    {
        _rate = rate;
        _startTimestamp = startTimestamp;
    }

    public async ValueTask WaitAsync(int samples, CancellationToken cancellationToken)
    {
        if (_rate <= 0)
        {
            return;
        }

        var slot = Interlocked.Add(ref _scheduledSamples, samples) - samples;
        var due = TimeSpan.FromSeconds(slot / _rate);
        var wait = due - Stopwatch.GetElapsedTime(_startTimestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }
}
