using Wire = Vigil.Metrics.Tests.RemoteWrite.Proto;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// Steady numbered input for the fault tests: every <see cref="Interval"/> one request with one sample for each of
/// <c>series</c> series <c>{__name__=metric, series="i"}</c>, value = the tick number, timestamp = wall-clock ms (strictly
/// increasing). Every sample of a request vigil answered 204 is recorded as acknowledged; other answers are counted.
/// The target client can be swapped while running (vigil restarted on a new port).
/// </summary>
internal sealed class RemoteWriteLoad : IAsyncDisposable
{
    private readonly string _metric;
    private readonly int _series;
    private readonly Dictionary<string, List<(long T, double V)>> _acknowledged = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _failures = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private volatile HttpClient? _client;
    private Task _loop = Task.CompletedTask;
    private long _lastTimestamp;
    private long _tick;

    public RemoteWriteLoad(string metric, int series)
    {
        _metric = metric;
        _series = series;
    }

    public static TimeSpan Interval { get; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Where requests go; null pauses sending (ticks are not consumed while paused).</summary>
    public HttpClient? Client
    {
        get => _client;
        set => _client = value;
    }

    public long FirstTimestamp { get; private set; }

    public long LastTimestamp => Interlocked.Read(ref _lastTimestamp);

    /// <summary>Per series key (<c>{__name__="m",series="0"}</c>), the samples vigil acknowledged, in send order.</summary>
    public Dictionary<string, List<(long T, double V)>> Acknowledged
    {
        get
        {
            lock (_lock)
            {
                return _acknowledged.ToDictionary(kv => kv.Key, kv => kv.Value.ToList(), StringComparer.Ordinal);
            }
        }
    }

    public int AcknowledgedCount
    {
        get
        {
            lock (_lock)
            {
                return _acknowledged.Values.Sum(v => v.Count);
            }
        }
    }

    /// <summary>Answers other than 204, by status (0: the request did not complete).</summary>
    public IReadOnlyDictionary<int, int> Failures
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<int, int>(_failures);
            }
        }
    }

    public string Key(int series) => $"{{__name__=\"{_metric}\",series=\"{series}\"}}";

    public void Start(HttpClient client)
    {
        _client = client;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Stops sending and waits for the request in flight.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (_client is { } client)
                {
                    await SendOneAsync(client);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the test.
        }
    }

    private async Task SendOneAsync(HttpClient client)
    {
        var t = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), LastTimestamp + 1);
        Interlocked.Exchange(ref _lastTimestamp, t);
        if (FirstTimestamp == 0)
        {
            FirstTimestamp = t;
        }

        var value = (double)++_tick;
        var batch = new List<Wire.TimeSeries>(_series);
        for (var i = 0; i < _series; i++)
        {
            batch.Add(RemoteWriteWire.Series([("__name__", _metric), ("series", i.ToString(System.Globalization.CultureInfo.InvariantCulture))], (t, value)));
        }

        var status = await RemoteWriteAgent.PushAsync(client, RemoteWriteWire.Encode(batch));
        lock (_lock)
        {
            if (status == 204)
            {
                for (var i = 0; i < _series; i++)
                {
                    var key = Key(i);
                    if (!_acknowledged.TryGetValue(key, out var list))
                    {
                        _acknowledged[key] = list = [];
                    }

                    list.Add((t, value));
                }
            }
            else
            {
                _failures[status] = _failures.GetValueOrDefault(status) + 1;
            }
        }
    }
}
