using BenchmarkDotNet.Attributes;
using Vigil.Common.Model;
using Vigil.Metrics.TextParse;

namespace Vigil.Benchmarks.TextParse;

/// <summary>
/// Parsing a scraped page: the bare parse, the series-cache-hit path a scrape loop takes on every scrape after
/// the first (probe by raw series bytes, build nothing), and the cache-miss path (build interned labels).
/// </summary>
[MemoryDiagnoser]
public class TextParseBenchmarks
{
    private readonly PromTextParser _parser = new(ReadOnlyMemory<byte>.Empty);
    private readonly OpenMetricsParser _omParser = new(ReadOnlyMemory<byte>.Empty);
    private byte[] _omPage = [];
    private readonly LabelsBuilder _builder = new();
    private readonly StringInterner _interner = new();
    private byte[] _page = [];
    private Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _cache;

    [Params("node_exporter", "synthetic_10k")]
    public string Page { get; set; } = "node_exporter";

    /// <summary>Page size in bytes, to turn the mean time into MB/s.</summary>
    public int PageBytes => _page.Length;

    [GlobalSetup]
    public void Setup()
    {
        _page = Page == "node_exporter"
            ? File.ReadAllBytes(RepoFiles.Path("tests", "Vigil.Metrics.Tests", "testdata", "textparse", "node_exporter.prom"))
            : SyntheticPage.Build();
        var cache = new Dictionary<byte[], int>(SeriesKeyComparer.Instance);
        _parser.Reset(_page);
        Entry e;
        while ((e = _parser.Next()) is not Entry.Eof and not Entry.Invalid)
        {
            if (e == Entry.Series)
            {
                cache.TryAdd(_parser.Series.ToArray(), cache.Count + 1);
            }
        }

        if (e == Entry.Invalid)
        {
            throw new InvalidOperationException(_parser.Error!.ToString());
        }

        _cache = cache.GetAlternateLookup<ReadOnlySpan<byte>>();

        // The same page as OpenMetrics: single spaces already; "untyped" is spelled "unknown" there, and "# EOF" ends it.
        var text = System.Text.Encoding.UTF8.GetString(_page).Replace(" untyped\n", " unknown\n", StringComparison.Ordinal);
        _omPage = [.. System.Text.Encoding.UTF8.GetBytes(text), .. "# EOF\n"u8];
        Console.WriteLine($"// {Page}: {_page.Length} bytes, {cache.Count} series");
    }

    [Benchmark]
    public double ParseOnly()
    {
        _parser.Reset(_page);
        var sum = 0.0;
        Entry e;
        while ((e = _parser.Next()) is not Entry.Eof and not Entry.Invalid)
        {
            if (e == Entry.Series)
            {
                sum += _parser.Value;
            }
        }

        return sum;
    }

    [Benchmark]
    public double OpenMetricsParseOnly()
    {
        _omParser.Reset(_omPage);
        var sum = 0.0;
        Entry e;
        while ((e = _omParser.Next()) is not Entry.Eof and not Entry.Invalid)
        {
            if (e == Entry.Series)
            {
                sum += _omParser.Value;
            }
        }

        return e == Entry.Invalid ? throw new InvalidOperationException(_omParser.Error!.ToString()) : sum;
    }

    [Benchmark(Baseline = true)]
    public long SeriesCacheHit()
    {
        _parser.Reset(_page);
        long refs = 0;
        Entry e;
        while ((e = _parser.Next()) is not Entry.Eof and not Entry.Invalid)
        {
            if (e == Entry.Series && _cache.TryGetValue(_parser.Series, out var seriesRef))
            {
                refs += seriesRef + (long)_parser.Value;
            }
        }

        return refs;
    }

    [Benchmark]
    public int SeriesCacheMissBuildLabels()
    {
        _parser.Reset(_page);
        var n = 0;
        Entry e;
        while ((e = _parser.Next()) is not Entry.Eof and not Entry.Invalid)
        {
            if (e == Entry.Series)
            {
                _builder.Reset();
                _parser.BuildLabels(_builder, _interner);
                n += _builder.Build().Count;
            }
        }

        return n;
    }
}
