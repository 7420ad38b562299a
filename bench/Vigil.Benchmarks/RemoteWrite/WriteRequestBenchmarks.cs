using System.Globalization;
using BenchmarkDotNet.Attributes;
using Vigil.Common.Model;
using Vigil.Metrics.RemoteWrite.Prompb;

namespace Vigil.Benchmarks.RemoteWrite;

/// <summary>
/// One remote-write batch of 2000 samples (max_samples_per_send's default) from 2000 series with node_exporter-like
/// labels, each sample its own TimeSeries: encode + snappy from pre-encoded labels (the load generator's way), from label
/// sets with an external label merged in (the queue's way), and decompress + decode.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class WriteRequestBenchmarks
{
    private const int BatchSize = 2000;

    private readonly byte[][] _labels = new byte[BatchSize][];
    private readonly Labels[] _sets = new Labels[BatchSize];
    private readonly int[] _sizes = new int[BatchSize];
    private readonly Labels _external = Labels.FromStrings("cluster", "eu-west-1");
    private readonly PooledBuffer _raw = new(1 << 20);
    private readonly PooledBuffer _compressed = new(1 << 20);
    private readonly PooledBuffer _decompressed = new(1 << 20);
    private readonly DecodedWriteRequest _decoded = new();
    private byte[] _body = [];

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < BatchSize; i++)
        {
            _sets[i] = Labels.FromStrings(
                "__name__", "node_cpu_seconds_total",
                "cpu", (i % 64).ToString(CultureInfo.InvariantCulture),
                "instance", "host-" + (i / 64).ToString(CultureInfo.InvariantCulture) + ":9100",
                "job", "node",
                "mode", "user-" + i.ToString(CultureInfo.InvariantCulture));
            _labels[i] = PrompbEncoder.EncodeLabels(_sets[i].AsSpan());
            _sizes[i] = PrompbEncoder.LabelsSize(_sets[i].AsSpan(), _external.AsSpan());
        }

        EncodeAndCompress();
        _body = _compressed.WrittenSpan.ToArray();
        DecompressAndDecode();
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int EncodeAndCompress()
    {
        _raw.Clear();
        for (var i = 0; i < BatchSize; i++)
        {
            var sample = new Sample(1_700_000_000_000 + (i * 15_000L), i * 0.5);
            PrompbEncoder.WriteTimeSeries(_raw, _labels[i], new ReadOnlySpan<Sample>(in sample), default, default);
        }

        SnappyBlock.Compress(_raw.WrittenSpan, _compressed);
        return _compressed.Length;
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int EncodeFromLabelSetsAndCompress()
    {
        _raw.Clear();
        for (var i = 0; i < BatchSize; i++)
        {
            var sample = new Sample(1_700_000_000_000 + (i * 15_000L), i * 0.5);
            PrompbEncoder.WriteTimeSeries(_raw, _sets[i].AsSpan(), _external.AsSpan(), _sizes[i], new ReadOnlySpan<Sample>(in sample), default, default);
        }

        SnappyBlock.Compress(_raw.WrittenSpan, _compressed);
        return _compressed.Length;
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int DecompressAndDecode()
    {
        if (!SnappyBlock.TryDecompress(_body, _decompressed, out var error) ||
            !PrompbDecoder.TryDecode(_decompressed.WrittenSpan, _decoded, out error))
        {
            throw new InvalidOperationException(error);
        }

        return _decoded.Samples.Count;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _compressed.Dispose();
        _decompressed.Dispose();
    }
}
