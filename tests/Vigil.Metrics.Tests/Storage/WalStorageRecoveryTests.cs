using Vigil.Common.Model;
using Vigil.Metrics.Storage;
using Vigil.TestKit;
using Vigil.Wal;
using Vigil.Wal.Records;

namespace Vigil.Metrics.Tests.Storage;

/// <summary>Reopening after truncation, and the corruptions replay must survive.</summary>
public sealed class WalStorageRecoveryTests
{
    private static Labels Series(int i) => Labels.FromStrings("__name__", "m", "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static WalStorage Open(string dir, Prometheus.CollectorRegistry? registry = null) =>
        WalStorage.Open(dir, new WalStorageOptions { StripeSize = 16, Metrics = registry is null ? null : Prometheus.Metrics.WithCustomRegistry(registry) });

    [Fact]
    public void Open_AfterTruncate_ReplaysCheckpointThenSegments()
    {
        using var dir = new TempDirectory();
        using (var s = Open(dir.Path))
        {
            for (var round = 0; round < 6; round++)
            {
                var app = s.Appender();
                for (var i = 0; i < 20; i++)
                {
                    app.Append(0, Series(i), (round * 100) + 1, round);
                }

                app.Commit();
                s.Truncate(0);
            }
        }

        Assert.NotNull(WalDirectory.LastCheckpoint(Path.Combine(dir.Path, "wal")));
        using (var s = Open(dir.Path))
        {
            Assert.Equal(20, s.Series.All().Count);
            Assert.Equal(20ul, s.LastRef);
            Assert.All(s.Series.All(), m => Assert.Equal(501, m.LastTs));
        }
    }

    [Fact]
    public void Open_CorruptCheckpoint_StartsWithEmptyWal()
    {
        using var dir = new TempDirectory();
        using (var s = Open(dir.Path))
        {
            for (var round = 0; round < 5; round++)
            {
                var app = s.Appender();
                app.Append(0, Series(round), 10, 1);
                app.Commit();
                s.Truncate(0);
            }
        }

        var checkpoint = WalDirectory.LastCheckpoint(Path.Combine(dir.Path, "wal"))!.Value.Path;
        var segment = WalDirectory.SegmentName(checkpoint, 0);
        var bytes = File.ReadAllBytes(segment);
        bytes[10] ^= 0xff;
        File.WriteAllBytes(segment, bytes);

        var registry = Prometheus.Metrics.NewCustomRegistry();
        using (var s = Open(dir.Path, registry))
        {
            Assert.Equal(1, s.Metrics.Corruptions.Value);
            Assert.Equal(1, s.Metrics.RepairsFailed.Value);
            Assert.Empty(s.Series.All());
            var app = s.Appender();
            Assert.Equal(1ul, app.Append(0, Series(1), 20, 1));
            app.Commit();
        }

        Assert.Null(WalDirectory.LastCheckpoint(Path.Combine(dir.Path, "wal")));
        using (var s = Open(dir.Path))
        {
            Assert.Single(s.Series.All());
        }
    }

    [Fact]
    public void Open_UndecodableRecord_RepairedAtThatRecord()
    {
        using var dir = new TempDirectory();
        var walDir = Path.Combine(dir.Path, "wal");
        using (var w = WalWriter.Open(walDir))
        {
            var buf = new RecordBuffer();
            RecordEncoder.Series([new RefSeries(1, Series(1))], buf);
            w.Log(buf.WrittenSpan);
            buf.Reset();
            RecordEncoder.Samples([new RefSample(1, 5, 1)], buf);
            w.Log(buf.WrittenSpan);

            // A well-framed record whose payload is cut short: the CRC is right, the samples are not.
            w.Log(buf.WrittenSpan[..^3]);
            buf.Reset();
            RecordEncoder.Samples([new RefSample(1, 9, 1)], buf);
            w.Log(buf.WrittenSpan);
        }

        var registry = Prometheus.Metrics.NewCustomRegistry();
        using (var s = Open(dir.Path, registry))
        {
            Assert.Equal(1, s.Metrics.Repairs.Value);
            Assert.Equal(5, s.Series.GetById(1)!.LastTs);
        }

        var (first, last) = WalDirectory.Segments(walDir);
        Assert.Equal((0, 1), (first, last));
    }
}
