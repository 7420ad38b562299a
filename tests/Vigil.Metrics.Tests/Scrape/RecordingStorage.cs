using Vigil.Common.Model;
using Vigil.Metrics.Storage;
using Vigil.Wal.Records;

namespace Vigil.Metrics.Tests.Scrape;

/// <summary>An in-memory stand-in for the WAL storage: keeps committed samples in order, counts commits and rollbacks.</summary>
internal sealed class RecordingStorage
{
    private readonly Lock _lock = new();
    private readonly List<StoredSample> _samples = [];
    private readonly Dictionary<Labels, ulong> _refs = [];
    private readonly Dictionary<ulong, Labels> _byRef = [];

    public int Commits { get; private set; }

    public int Rollbacks { get; private set; }

    public IAppender Appender() => new RecordingAppender(this);

    public List<StoredSample> Samples()
    {
        lock (_lock)
        {
            return [.. _samples];
        }
    }

    /// <summary>Samples of the report series <paramref name="name"/> (e.g. <c>up</c>), in commit order.</summary>
    public List<StoredSample> Series(string name) => Samples().Where(s => s.Name == name).ToList();

    public async Task WaitUntilAsync(Func<RecordingStorage, bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
            {
                var names = string.Join(", ", Samples().Select(s => $"{s.Labels}={s.V}").TakeLast(30));
                throw new TimeoutException($"condition not met: {what}; last samples: {names}");
            }

            await Task.Delay(20);
        }
    }

    private ulong Commit(List<(ulong Ref, Labels Labels, long T, double V)> pending)
    {
        lock (_lock)
        {
            foreach (var p in pending)
            {
                _samples.Add(new StoredSample(p.Labels, p.T, p.V));
            }

            Commits++;
            return 0;
        }
    }

    private ulong RefFor(ulong seriesRef, Labels labels)
    {
        lock (_lock)
        {
            if (seriesRef != 0 && _byRef.TryGetValue(seriesRef, out var known))
            {
                Assert.Equal(known, labels);
                return seriesRef;
            }

            if (!_refs.TryGetValue(labels, out var r))
            {
                r = (ulong)_refs.Count + 1;
                _refs[labels] = r;
                _byRef[r] = labels;
            }

            return r;
        }
    }

    private sealed class RecordingAppender(RecordingStorage storage) : IAppender
    {
        private readonly List<(ulong Ref, Labels Labels, long T, double V)> _pending = [];

        public ulong Append(ulong seriesRef, Labels labels, long t, double v)
        {
            var r = storage.RefFor(seriesRef, labels);
            _pending.Add((r, labels, t, v));
            return r;
        }

        public ulong AppendExemplar(ulong seriesRef, Labels labels, Metrics.Storage.Exemplar exemplar) => seriesRef;

        public ulong AppendHistogram(ulong seriesRef, Labels labels, long t, Histogram? histogram, FloatHistogram? floatHistogram) =>
            throw new NotSupportedException();

        public void Commit() => storage.Commit(_pending);

        public void Rollback()
        {
            lock (storage._lock)
            {
                storage.Rollbacks++;
            }

            _pending.Clear();
        }
    }
}
