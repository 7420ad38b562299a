namespace Vigil.Metrics.RemoteWrite.Queue;

/// <summary>
/// An exponentially weighted moving average of a per-second rate, ticked every interval (Prometheus
/// storage/remote/ewma.go): the first tick takes the instant rate, later ticks move 20 % of the way towards it.
/// </summary>
internal sealed class EwmaRate
{
    public const double DefaultWeight = 0.2;

    private readonly double _alpha;
    private readonly TimeSpan _interval;
    private long _newEvents;
    private double _rate;
    private bool _initialised;
    private readonly object _lock = new();

    public EwmaRate(double alpha, TimeSpan interval)
    {
        _alpha = alpha;
        _interval = interval;
    }

    public double Rate
    {
        get
        {
            lock (_lock)
            {
                return _rate;
            }
        }
    }

    public void Incr(long events) => Interlocked.Add(ref _newEvents, events);

    public void Tick()
    {
        var events = Interlocked.Exchange(ref _newEvents, 0);
        var instant = events / _interval.TotalSeconds;
        lock (_lock)
        {
            if (_initialised)
            {
                _rate += _alpha * (instant - _rate);
            }
            else
            {
                _initialised = true;
                _rate = instant;
            }
        }
    }
}
