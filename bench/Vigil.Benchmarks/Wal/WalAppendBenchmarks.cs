using BenchmarkDotNet.Attributes;
using Vigil.Common.Model;
using Vigil.Metrics.Storage;
using Vigil.Wal;

namespace Vigil.Benchmarks.Wal;

/// <summary>
/// Appends and commits batches of float samples for known series refs (the steady state of a scrape) through the
/// agent storage into real segment files (page cache; fsync only at segment rollover). Reported per sample.
/// </summary>
[MemoryDiagnoser]
public class WalAppendBenchmarks
{
    private const int SamplesPerCommit = 1000;
    private string _dir = string.Empty;
    private WalStorage _storage = null!;
    private ulong[] _refs = [];
    private long _t;
    private int _commits;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("vigil-bench-wal-").FullName;
        _storage = WalStorage.Open(_dir);
        _refs = new ulong[SamplesPerCommit];
        var app = _storage.Appender();
        for (var i = 0; i < SamplesPerCommit; i++)
        {
            _refs[i] = app.Append(0, Labels.FromStrings("__name__", "bench_metric", "series", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "job", "bench"), 0, 0);
        }

        app.Commit();
        _t = 1_700_000_000_000;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _storage.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The appender alone: the same batch, rolled back (no WAL write for known series).</summary>
    [Benchmark(OperationsPerInvoke = SamplesPerCommit)]
    public void AppendRollback()
    {
        var app = _storage.Appender();
        var t = _t += 1000;
        var refs = _refs;
        for (var i = 0; i < refs.Length; i++)
        {
            app.Append(refs[i], Labels.Empty, t, i * 0.5);
        }

        app.Rollback();
    }

    [Benchmark(OperationsPerInvoke = SamplesPerCommit)]
    public void AppendCommit()
    {
        var app = _storage.Appender();
        var t = _t += 1000;
        var refs = _refs;
        for (var i = 0; i < refs.Length; i++)
        {
            app.Append(refs[i], Labels.Empty, t, i * 0.5);
        }

        app.Commit();

        // Keep the disk footprint bounded: drop finished segments now and then.
        if (++_commits % 4096 == 0)
        {
            var segments = WalDirectory.ListSegments(_storage.WalDirectory);
            for (var i = 0; i < segments.Count - 1; i++)
            {
                File.Delete(segments[i].Path);
            }
        }
    }
}
