using System.Globalization;
using BenchmarkDotNet.Attributes;
using Vigil.Common.Model;
using Vigil.Metrics.RemoteWrite.Prompb;

namespace Vigil.Benchmarks.RemoteWrite;

/// <summary>
/// One remote-write batch of 2000 samples (max_samples_per_send's default) from 2000 series with node_exporter-like
/// labels, each sample its own TimeSeries as the queue sends it: encode + snappy, and decompress + decode.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class WriteRequestBenchmarks
{
    private const int BatchSize = 2000;

    private readonly byte[][] _labels = new byte[BatchSize][];
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
            _labels[i] = PrompbEncoder.EncodeLabels(
            [
                new Label("__name__", "node_cpu_seconds_total"),
                new Label("cpu", (i % 64).ToString(CultureInfo.InvariantCulture)),
                new Label("instance", "host-" + (i / 64).ToString(CultureInfo.InvariantCulture) + ":9100"),
                new Label("job", "node"),
                new Label("mode", "user-" + i.ToString(CultureInfo.InvariantCulture)),
            ]);
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
