using Vigil.Metrics.RemoteWrite;

namespace Vigil.Metrics.Tests.RemoteWrite.Watcher;

/// <summary>An <see cref="IWriteTo"/> that keeps everything it is given, with a sequence like the queue's.</summary>
internal sealed class RecordingWriteTo : IWriteTo
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, string> _series = [];
    private readonly List<(string Series, long T, double V)> _samples = [];
    private readonly List<(ulong Ref, long T)> _histograms = [];
    private readonly List<(ulong Ref, long T)> _exemplars = [];
    private long _sequence;

    public long LastEnqueuedSequence => Interlocked.Read(ref _sequence);

    /// <summary>What the "endpoint" acknowledged; tests move it.</summary>
    public long Acknowledged { get; set; }

    public int SeriesResets { get; private set; }

    public IReadOnlyList<(string Series, long T, double V)> Samples
    {
        get
        {
            lock (_lock)
            {
                return [.. _samples];
            }
        }
    }

    public IReadOnlyList<(ulong Ref, long T)> Histograms
    {
        get
        {
            lock (_lock)
            {
                return [.. _histograms];
            }
        }
    }

    public IReadOnlyList<(ulong Ref, long T)> Exemplars
    {
        get
        {
            lock (_lock)
            {
                return [.. _exemplars];
            }
        }
    }

    public int SeriesCount
    {
        get
        {
            lock (_lock)
            {
                return _series.Count;
            }
        }
    }

    public void StoreSeries(ReadOnlySpan<RefSeries> series, int segment)
    {
        lock (_lock)
        {
            foreach (var s in series)
            {
                _series[s.Ref] = s.Labels.ToString();
            }
        }
    }

    public void UpdateSeriesSegment(ReadOnlySpan<RefSeries> series, int segment)
    {
    }

    public void SeriesReset(int segment)
    {
        SeriesResets++;
    }

    public bool Append(ReadOnlySpan<RefSample> samples)
    {
        lock (_lock)
        {
            foreach (var s in samples)
            {
                // A sample whose series is unknown would be dropped by the queue: fail the test loudly instead.
                _samples.Add((_series[s.Ref], s.T, s.V));
                _sequence++;
            }
        }

        return true;
    }

    public bool AppendExemplars(ReadOnlySpan<RefExemplar> exemplars)
    {
        lock (_lock)
        {
            foreach (var e in exemplars)
            {
                _exemplars.Add((e.Ref, e.T));
                _sequence++;
            }
        }

        return true;
    }

    public bool AppendHistograms(ReadOnlySpan<RefHistogramSample> histograms)
    {
        lock (_lock)
        {
            foreach (var h in histograms)
            {
                _histograms.Add((h.Ref, h.T));
                _sequence++;
            }
        }

        return true;
    }

    public async Task WaitForSamplesAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Samples.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"expected {count} samples, got {Samples.Count}");
            }

            await Task.Delay(20);
        }
    }
}
