using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Common.Model;
using Vigil.Metrics.RemoteWrite.Prompb;
using Vigil.Metrics.RemoteWriteReceiver;
using Vigil.Metrics.Storage;

namespace Vigil.Benchmarks.RemoteWrite;

/// <summary>
/// The receive path without HTTP: snappy decode, protobuf decode, series lookup by raw label bytes, WAL append and
/// commit of a 2 000-series request whose series the receiver has seen before (a steady sender). Reported per sample.
/// </summary>
[MemoryDiagnoser]
public class ReceiveBenchmarks
{
    private const int Series = 2000;
    private string _dir = string.Empty;
    private WalStorage _storage = null!;
    private WriteReceiver _receiver = null!;
    private byte[] _body = [];

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("vigil-bench-receive-").FullName;
        _storage = WalStorage.Open(_dir);
        _receiver = new WriteReceiver(_storage, NullLogger.Instance);
        using var raw = new PooledBuffer(1 << 20);
        for (var i = 0; i < Series; i++)
        {
            var labels = PrompbEncoder.EncodeLabels(
            [
                new Label("__name__", "bench_metric_total"),
                new Label("instance", "host-" + (i % 50).ToString(CultureInfo.InvariantCulture) + ":9100"),
                new Label("job", "bench"),
                new Label("series", i.ToString(CultureInfo.InvariantCulture)),
            ]);
            PrompbEncoder.WriteTimeSeries(raw, labels, [new Sample(1_700_000_000_000, i)], [], []);
        }

        using var compressed = new PooledBuffer(1 << 20);
        SnappyBlock.Compress(raw.WrittenSpan, compressed);
        _body = compressed.WrittenSpan.ToArray();
        if (_receiver.Receive(_body).StatusCode != 204)
        {
            throw new InvalidOperationException("setup request refused");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _storage.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Series)]
    public int Receive() => _receiver.Receive(_body).StatusCode;
}
