using Prometheus;
using Exemplar = Vigil.Metrics.Storage.Exemplar;
using Histogram = Vigil.Wal.Records.Histogram;
using Vigil.Common.Model;
using Vigil.Metrics.Storage;
using Vigil.TestKit;
using Vigil.Wal;
using Vigil.Wal.Records;

namespace Vigil.Metrics.Tests.Storage;

/// <summary>The behaviour of grafana/agent static/metrics/wal/wal_test.go, ported.</summary>
public sealed class WalStorageTests
{
    private static Labels Series(int i) => Labels.FromStrings("__name__", "metric_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), "job", "test");

    private static WalStorage Open(TempDirectory dir, CollectorRegistry? registry = null, ISegmentFileFactory? files = null, int segmentSize = WalFormat.DefaultSegmentSize) =>
        WalStorage.Open(dir.Path, new WalStorageOptions
        {
            Metrics = registry is null ? null : Prometheus.Metrics.WithCustomRegistry(registry),
            Files = files ?? FileSegmentFileFactory.Instance,
            SegmentSize = segmentSize,
            StripeSize = 16,
        });

    [Fact]
    public void Append_InvalidSeries_Rejected()
    {
        using var dir = new TempDirectory();
        using var s = Open(dir);
        var app = s.Appender();
        var empty = Assert.Throws<InvalidSampleException>(() => app.Append(0, Labels.Empty, 0, 0));
        Assert.Equal("empty labelset: invalid sample", empty.Message);
        Assert.Throws<InvalidSampleException>(() => app.Append(0, Labels.FromStrings("a", ""), 0, 0));
        var dup = Assert.Throws<InvalidSampleException>(() => app.Append(0, Labels.FromUnsorted([new Label("a", "1"), new Label("a", "2")]), 0, 0));
        Assert.Equal("label name \"a\" is not unique: invalid sample", dup.Message);

        var good = app.Append(0, Series(1), 0, 0);
        Assert.Throws<InvalidExemplarException>(() => app.AppendExemplar(12345, Labels.Empty, new Exemplar(Labels.Empty, 1, 1)));
        Assert.Throws<InvalidExemplarException>(() => app.AppendExemplar(good, Labels.Empty, new Exemplar(Labels.FromUnsorted([new Label("a", "1"), new Label("a", "2")]), 1, 1)));
        var tooLong = Labels.FromStrings("trace_id", new string('x', 121));
        var e = Assert.Throws<InvalidExemplarException>(() => app.AppendExemplar(good, Labels.Empty, new Exemplar(tooLong, 1, 1)));
        Assert.Contains("exceeds maximum of 128", e.Message, StringComparison.Ordinal);
        Assert.Equal(good, app.AppendExemplar(good, Labels.Empty, new Exemplar(Labels.FromStrings("trace_id", new string('x', 120)), 1, 1)));
        app.Commit();
    }

    [Fact]
    public void Commit_SamplesAndExemplars_ReadBackExactly()
    {
        using var dir = new TempDirectory();
        var expectedSamples = new List<RefSample>();
        var expectedExemplars = new List<RefExemplar>();
        var expectedSeries = new List<RefSeries>();
        using (var s = Open(dir))
        {
            var app = s.Appender();
            for (var i = 0; i < 10; i++)
            {
                ulong r = 0;
                for (var t = 0; t < 5; t++)
                {
                    r = app.Append(r, Series(i), t * 1000, i + (t / 10.0));
                    expectedSamples.Add(new RefSample(r, t * 1000, i + (t / 10.0)));
                    var ex = Labels.FromStrings("trace_id", "t" + t.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    app.AppendExemplar(r, Labels.Empty, new Exemplar(ex, t, t * 1000));
                    expectedExemplars.Add(new RefExemplar(r, t * 1000, t, ex));
                }

                expectedSeries.Add(new RefSeries(r, Series(i)));
            }

            app.Commit();
        }

        var c = WalContents.Read(Path.Combine(dir.Path, "wal"));
        Assert.Equal(expectedSeries, c.Series);
        Assert.Equal(expectedSamples, c.Samples);
        Assert.Equal(expectedExemplars, c.Exemplars);
    }

    [Fact]
    public void Rollback_WritesOnlySeries()
    {
        using var dir = new TempDirectory();
        using (var s = Open(dir))
        {
            var app = s.Appender();
            for (var i = 0; i < 4; i++)
            {
                var r = app.Append(0, Series(i), 10, 1);
                app.AppendExemplar(r, Labels.Empty, new Exemplar(Labels.FromStrings("a", "b"), 1, 10));
                app.AppendHistogram(r, Labels.Empty, 11, new Histogram { Count = 1, ZeroCount = 1 }, null);
            }

            app.Rollback();
        }

        var c = WalContents.Read(Path.Combine(dir.Path, "wal"));
        Assert.Equal(4, c.Series.Count);
        Assert.Empty(c.Samples);
        Assert.Empty(c.Exemplars);
        Assert.Empty(c.Histograms);
    }

    [Fact]
    public void AppendExemplar_RepeatsAndOlder_Ignored()
    {
        using var dir = new TempDirectory();
        using (var s = Open(dir))
        {
            var app = s.Appender();
            var r = app.Append(0, Series(1), 0, 0);
            var e1 = new Exemplar(Labels.FromStrings("trace_id", "1"), 1, 1);
            var e2 = new Exemplar(Labels.FromStrings("trace_id", "2"), 2, 2);
            var e3 = new Exemplar(Labels.FromStrings("trace_id", "3"), 3, 3);
            var e4 = new Exemplar(Labels.FromStrings("trace_id", "4"), 4, 4);
            Exemplar[] appends = [e1, e1, e1, e2, e2, e1, e3, e3, e3, e4, e4];
            var accepted = appends.Count(e => app.AppendExemplar(r, Labels.Empty, e) != 0);
            Assert.Equal(4, accepted);
            app.Commit();
        }

        Assert.Equal(new long[] { 1, 2, 3, 4 }, WalContents.Read(Path.Combine(dir.Path, "wal")).Exemplars.Select(e => e.T));
    }

    [Fact]
    public void Open_ExistingWal_ReplaysSeriesAndContinues()
    {
        using var dir = new TempDirectory();
        using (var s = Open(dir))
        {
            var app = s.Appender();
            for (var i = 0; i < 5; i++)
            {
                app.Append(0, Series(i), 1000 + i, i);
            }

            app.Commit();
        }

        using (var s = Open(dir))
        {
            var all = s.Series.All();
            Assert.Equal(5, all.Count);
            Assert.All(all, m => Assert.True(m.LastTs > 0));
            Assert.Equal(5ul, s.LastRef);

            // Appending by labels finds the replayed series; new labels get new refs after the replayed ones.
            var app = s.Appender();
            for (var i = 0; i < 10; i++)
            {
                var r = app.Append(0, Series(i), 2000 + i, i);
                Assert.Equal((ulong)(i + 1), r);
            }

            app.Commit();
        }

        var c = WalContents.Read(Path.Combine(dir.Path, "wal"));
        Assert.Equal(10, c.Series.Count);
        Assert.Equal(15, c.Samples.Count);
    }

    [Fact]
    public void Open_ExistingWal_NextRefIsSeriesCountPlusOne()
    {
        using var dir = new TempDirectory();
        using (var s = Open(dir))
        {
            var app = s.Appender();
            for (var i = 0; i < 7; i++)
            {
                app.Append(0, Series(i), 1, 1);
            }

            app.Commit();
        }

        using (var s = Open(dir))
        {
            Assert.Equal(7ul, s.LastRef);
            var app = s.Appender();
            Assert.Equal(8ul, app.Append(0, Series(100), 1, 1));
            app.Commit();
        }
    }

    [Fact]
    public void Truncate_AfterExtraSegments_KeepsSeriesAndRecentSamples()
    {
        using var dir = new TempDirectory();
        const long mint = 50;
        using (var s = Open(dir))
        {
            var app = s.Appender();
            for (var i = 0; i < 10; i++)
            {
                ulong r = 0;
                for (var t = 0; t < 100; t += 10)
                {
                    r = app.Append(r, Series(i), t, t);
                    app.AppendExemplar(r, Labels.Empty, new Exemplar(Labels.FromStrings("t", "x"), t, t));
                }
            }

            app.Commit();
            for (var i = 0; i < 5; i++)
            {
                s.Truncate(long.MinValue);
            }

            s.Truncate(mint);
        }

        var walDir = Path.Combine(dir.Path, "wal");
        Assert.NotNull(WalDirectory.LastCheckpoint(walDir));
        var c = WalContents.Read(walDir);
        Assert.Equal(10, c.Series.Count);
        Assert.Equal(50, c.Samples.Count);
        Assert.All(c.Samples, x => Assert.True(x.T >= mint));
        Assert.All(c.Exemplars, x => Assert.True(x.T >= mint));
        Assert.Equal(50, c.Exemplars.Count);
    }

    [Fact]
    public void Truncate_StaleSeries_CollectedAndDroppedFromCheckpoint()
    {
        using var dir = new TempDirectory();
        var registry = Prometheus.Metrics.NewCustomRegistry();
        using var s = Open(dir, registry);
        var app = s.Appender();
        app.Append(0, Series(1), 10, 1);
        app.Append(0, Series(2), 1000, 1);
        app.Commit();
        for (var i = 0; i < 4; i++)
        {
            s.Truncate(long.MinValue);
        }

        s.Truncate(500);
        Assert.Single(s.Series.All());
        Assert.Equal(1, s.Metrics.ActiveSeries.Value);
        Assert.Equal(1, s.Metrics.DeletedSeries.Value);

        // A deleted series stays in checkpoints until the segment it was last seen in has been checkpointed.
        for (var i = 0; i < 4; i++)
        {
            s.Truncate(500);
        }

        Assert.Equal(1, s.Metrics.RemovedSeries.Value);
        Assert.Equal(0, s.Metrics.DeletedSeries.Value);
        var c = WalContents.Read(s.WalDirectory);
        Assert.Equal(new[] { 2ul }, c.Series.Select(x => x.Ref));
    }

    [Fact]
    public async Task WriteStalenessMarkers_EverySeries_GetsStaleNaN()
    {
        using var dir = new TempDirectory();
        using (var s = Open(dir))
        {
            var app = s.Appender();
            for (var i = 0; i < 5; i++)
            {
                app.Append(0, Series(i), 1, 1);
            }

            app.Commit();
            await s.WriteStalenessMarkersAsync(null);
        }

        var c = WalContents.Read(Path.Combine(dir.Path, "wal"));
        var stale = c.Samples.Where(x => BitConverter.DoubleToUInt64Bits(x.V) == WalStorage.StaleNaNBits).Select(x => x.Ref).Order();
        Assert.Equal(new ulong[] { 1, 2, 3, 4, 5 }, stale);
    }

    [Fact]
    public void Truncate_AfterClose_WalClosed()
    {
        using var dir = new TempDirectory();
        var s = Open(dir);
        s.Close();
        var e = Assert.Throws<WalClosedException>(() => s.Truncate(0));
        Assert.Equal("WAL storage closed", e.Message);
        var app = s.Appender();
        app.Append(0, Series(1), 1, 1);
        Assert.Throws<WalClosedException>(app.Commit);
        Assert.Equal("already closed", Assert.Throws<InvalidOperationException>(s.Close).Message);
        s.Dispose();
    }

    [Fact]
    public void Open_GarbageSegment_OpensAnyway()
    {
        using var dir = new TempDirectory();
        System.IO.Directory.CreateDirectory(dir.Combine("wal"));
        File.WriteAllBytes(dir.Combine("wal", "00000000"), "this is not a WAL segment, it is garbage"u8.ToArray());
        var registry = Prometheus.Metrics.NewCustomRegistry();
        using var s = Open(dir, registry);
        Assert.Equal(1, s.Metrics.Corruptions.Value);
        var app = s.Appender();
        app.Append(0, Series(1), 1, 1);
        app.Commit();
    }

    [Fact]
    public void Append_GlobalReferenceIds_StartAtOneAndReuse()
    {
        using var dir = new TempDirectory();
        using var s = Open(dir);
        var app = s.Appender();
        Assert.Equal(1ul, app.Append(0, Series(1), 1, 1));
        Assert.Equal(1ul, app.Append(0, Series(1), 2, 1));
        Assert.Equal(2ul, app.Append(0, Series(2), 1, 1));
        Assert.Equal(2ul, app.Append(2, Labels.Empty, 3, 1));
        app.Commit();
    }

    [Fact]
    public void Commit_OutOfOrderSamples_AcceptedAndCounted()
    {
        using var dir = new TempDirectory();
        var registry = Prometheus.Metrics.NewCustomRegistry();
        using var s = Open(dir, registry);
        var app = s.Appender();
        var r = app.Append(0, Series(1), 100, 1);
        app.Commit();
        app = s.Appender();
        app.Append(r, Labels.Empty, 50, 2);
        app.Commit();
        Assert.Equal(1, s.Metrics.OutOfOrderSamples.Value);
        Assert.Equal(2, s.Metrics.SamplesAppended.Value);
        Assert.Equal(2, WalContents.Read(s.WalDirectory).Samples.Count);
    }

    [Fact]
    public void Commit_DiskFull_FailsCountedAndRecoversWithSeries()
    {
        using var dir = new TempDirectory();
        var files = new FailingSegmentFiles();
        var registry = Prometheus.Metrics.NewCustomRegistry();
        using (var s = Open(dir, registry, files))
        {
            var app = s.Appender();
            app.Append(0, Series(1), 1, 1);
            app.Commit();

            files.DiskFull = true;
            app = s.Appender();
            app.Append(0, Series(2), 2, 2);
            app.Append(0, Series(3), 2, 3);
            Assert.Throws<WalWriteException>(app.Commit);
            Assert.Equal(1, s.Metrics.CommitsFailed.Value);
            Assert.Equal(2, s.Metrics.SamplesDropped.WithLabels("wal_write_failed").Value);

            // Space returns: the series created by the failed batch reach the WAL with the next one.
            files.DiskFull = false;
            app = s.Appender();
            app.Append(2, Labels.Empty, 3, 2);
            app.Commit();
        }

        var c = WalContents.Read(Path.Combine(dir.Path, "wal"));
        Assert.Equal(new ulong[] { 1, 2, 3 }, c.Series.Select(x => x.Ref).Order());
        Assert.Equal(new long[] { 1, 3 }, c.Samples.Select(x => x.T));
    }

    [Fact]
    public void Open_TornTail_RepairsAndKeepsEarlierSamples()
    {
        using var dir = new TempDirectory();
        using (var s = Open(dir))
        {
            for (var b = 0; b < 3; b++)
            {
                var app = s.Appender();
                app.Append(0, Series(b), b, b);
                app.Commit();
            }
        }

        var segment = WalDirectory.SegmentName(dir.Combine("wal"), 0);
        var bytes = File.ReadAllBytes(segment);
        var used = Array.FindLastIndex(bytes, x => x != 0) + 1;
        File.WriteAllBytes(segment, bytes.AsSpan(0, used - 3).ToArray());

        var registry = Prometheus.Metrics.NewCustomRegistry();
        using (var s = Open(dir, registry))
        {
            Assert.Equal(1, s.Metrics.Corruptions.Value);
            Assert.Equal(1, s.Metrics.Repairs.Value);
            Assert.Equal(3, s.Series.All().Count);
        }

        var c = WalContents.Read(dir.Combine("wal"));
        Assert.Equal(new long[] { 0, 1 }, c.Samples.Select(x => x.T));
    }

    [Fact]
    public void Append_Concurrent_OneRefPerLabelSet()
    {
        using var dir = new TempDirectory();
        using var s = Open(dir);
        Parallel.For(0, 8, w =>
        {
            for (var round = 0; round < 20; round++)
            {
                var app = s.Appender();
                for (var i = 0; i < 50; i++)
                {
                    app.Append(0, Series(i), (round * 100) + w, i);
                }

                app.Commit();
            }
        });
        Assert.Equal(50, s.Series.All().Count);
        Assert.Equal(50ul, s.LastRef);
        var c = WalContents.Read(s.WalDirectory);
        Assert.Equal(50, c.Series.Count);
        Assert.Equal(8 * 20 * 50, c.Samples.Count);
    }

    [Fact]
    public void AppendHistogram_Invalid_Rejected()
    {
        using var dir = new TempDirectory();
        using var s = Open(dir);
        var app = s.Appender();
        var bad = new Histogram { Count = 1, PositiveSpans = [new HistogramSpan(0, 2)], PositiveBuckets = [1] };
        Assert.Throws<InvalidSampleException>(() => app.AppendHistogram(0, Series(1), 1, bad, null));
        var good = new FloatHistogram { Count = 3, PositiveSpans = [new HistogramSpan(0, 2)], PositiveBuckets = [1, 2] };
        app.AppendHistogram(0, Series(1), 1, null, good);
        app.Commit();
        Assert.Single(WalContents.Read(s.WalDirectory).FloatHistograms);
    }

    [Fact]
    public void Open_UnwritableDirectory_ErrorNamesPath()
    {
        using var dir = new TempDirectory();
        var file = dir.Combine("not-a-dir");
        File.WriteAllText(file, "x");
        var e = Assert.Throws<IOException>(() => WalStorage.Open(file));
        Assert.Contains(Path.Combine(file, "wal"), e.Message, StringComparison.Ordinal);
    }
}
