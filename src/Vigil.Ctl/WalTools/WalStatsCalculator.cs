using Vigil.Wal;
using Vigil.Wal.Records;

namespace Vigil.Ctl.WalTools;

/// <summary>
/// Reads a WAL directory (last checkpoint, then the segments after it) and collects <see cref="WalStats"/>.
/// Behaviour follows grafana/agent static/agentctl/waltools/walstats.go: only series and float sample records count;
/// other record types are skipped, so a Prometheus server WAL works too.
/// </summary>
internal sealed class WalStatsCalculator
{
    private readonly List<WalTargetStats> _targets = [];
    private readonly Dictionary<(string, string), WalTargetStats> _byTarget = [];
    private readonly Dictionary<ulong, WalTargetStats> _byRef = [];
    private readonly Dictionary<ulong, int> _hashInstances = [];
    private readonly List<RefSeries> _series = [];
    private readonly List<RefSample> _samples = new(4096);
    private long _from = long.MaxValue;
    private long _to;
    private int _invalidRefs;

    public static WalStats Calculate(string walDir) => new WalStatsCalculator().Run(walDir);

    private WalStats Run(string walDir)
    {
        var checkpoint = WalDirectory.LastCheckpoint(walDir);
        var (first, last) = WalDirectory.Segments(walDir);
        var start = first;
        if (checkpoint is { } cp)
        {
            Read(SegmentBufReader.ForDirectory(cp.Path));
            start = cp.Index + 1;
        }

        foreach (var segment in WalDirectory.ListSegments(walDir))
        {
            if (segment.Index >= start)
            {
                Read(new SegmentBufReader([segment]));
            }
        }

        return new WalStats
        {
            From = _from,
            To = _to,
            CheckpointNumber = checkpoint?.Index ?? 0,
            FirstSegment = first,
            LastSegment = last,
            InvalidRefs = _invalidRefs,
            HashCollisions = _hashInstances.Values.Count(n => n > 1),
            Targets = _targets,
        };
    }

    private void Read(SegmentBufReader source)
    {
        using var reader = new WalReader(source);
        while (reader.Next())
        {
            var rec = reader.Record;
            try
            {
                switch (RecordDecoder.Type(rec))
                {
                    case RecordType.Series:
                        _series.Clear();
                        RecordDecoder.Series(rec, _series);
                        foreach (var s in _series)
                        {
                            AddSeries(s);
                        }

                        break;
                    case RecordType.Samples:
                        _samples.Clear();
                        RecordDecoder.Samples(rec, _samples);
                        foreach (var s in _samples)
                        {
                            AddSample(s);
                        }

                        break;
                }
            }
            catch (RecordDecodeException e)
            {
                throw reader.CorruptionAt(e.Message);
            }
        }

        if (reader.Error is { } error)
        {
            throw error;
        }
    }

    private void AddSeries(RefSeries s)
    {
        var key = (s.Labels.Get("job"), s.Labels.Get("instance"));
        if (!_byTarget.TryGetValue(key, out var stats))
        {
            stats = new WalTargetStats(key.Item1, key.Item2);
            _byTarget[key] = stats;
            _targets.Add(stats);
        }

        stats.Series++;
        _byRef[s.Ref] = stats;
        var hash = s.Labels.Hash();
        _hashInstances[hash] = _hashInstances.GetValueOrDefault(hash) + 1;
    }

    private void AddSample(RefSample s)
    {
        _from = Math.Min(_from, s.T);
        _to = Math.Max(_to, s.T);
        if (_byRef.TryGetValue(s.Ref, out var stats))
        {
            stats.Samples++;
        }
        else
        {
            _invalidRefs++;
        }
    }
}
