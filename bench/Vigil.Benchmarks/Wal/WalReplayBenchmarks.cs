using BenchmarkDotNet.Attributes;
using Vigil.Common.Model;
using Vigil.Metrics.Storage;
using Vigil.Wal;
using Vigil.Wal.Records;

namespace Vigil.Benchmarks.Wal;

/// <summary>
/// Replays a WAL of 10 000 series and 2 000 000 samples (200 commits of 10 000 samples, snappy records):
/// the whole storage open, and the raw read + decode of the sample records. Reported per sample.
/// </summary>
[MemoryDiagnoser]
public class WalReplayBenchmarks
{
    private const int Series = 10_000;
    private const int Commits = 200;
    private const int Samples = Series * Commits;
    private readonly List<RefSample> _samples = new(Series);
    private string _dir = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("vigil-bench-replay-").FullName;
        using var storage = WalStorage.Open(_dir);
        var refs = new ulong[Series];
        var t = 1_700_000_000_000L;
        for (var c = 0; c < Commits; c++)
        {
            var app = storage.Appender();
            for (var i = 0; i < Series; i++)
            {
                refs[i] = c == 0
                    ? app.Append(0, Labels.FromStrings("__name__", "bench_metric", "series", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), t, i)
                    : app.Append(refs[i], Labels.Empty, t, i + c);
            }

            app.Commit();
            t += 15_000;
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(OperationsPerInvoke = Samples)]
    public ulong OpenStorage()
    {
        ulong last;
        using (var storage = WalStorage.Open(_dir))
        {
            last = storage.LastRef;
        }

        // Every open starts a segment; drop the empty ones so runs stay alike.
        foreach (var s in WalDirectory.ListSegments(Path.Combine(_dir, "wal")))
        {
            if (s.Index > 0 && new FileInfo(s.Path).Length == 0)
            {
                File.Delete(s.Path);
            }
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public long ReadAndDecodeSamples()
    {
        long sum = 0;
        using var reader = new WalReader(SegmentBufReader.ForDirectory(Path.Combine(_dir, "wal")));
        while (reader.Next())
        {
            if (RecordDecoder.Type(reader.Record) != RecordType.Samples)
            {
                continue;
            }

            _samples.Clear();
            RecordDecoder.Samples(reader.Record, _samples);
            sum += _samples.Count;
        }

        return sum;
    }
}
