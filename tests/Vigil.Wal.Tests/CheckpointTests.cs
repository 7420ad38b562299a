using Vigil.Common.Model;
using Vigil.TestKit;
using Vigil.Wal.Records;

namespace Vigil.Wal.Tests;

public class CheckpointTests
{
    [Fact]
    public void Create_KeepsLiveSeriesAndRecentSamples_AtomicDirectory()
    {
        using var dir = new TempDirectory();
        using var w = WalTestUtil.Open(dir, segmentSize: WalFormat.PageSize * 4, compress: true);
        var buf = new RecordBuffer();
        for (var seg = 0; seg < 4; seg++)
        {
            buf.Reset();
            RecordEncoder.Series([new RefSeries((ulong)seg, Labels.FromStrings("__name__", "m", "i", seg.ToString(System.Globalization.CultureInfo.InvariantCulture)))], buf);
            w.Log(buf.WrittenSpan);
            buf.Reset();
            RecordEncoder.Samples([new RefSample((ulong)seg, seg * 100, seg)], buf);
            w.Log(buf.WrittenSpan);
            buf.Reset();
            RecordEncoder.Exemplars([new RefExemplar((ulong)seg, seg * 100, seg, Labels.Empty)], buf);
            w.Log(buf.WrittenSpan);
            buf.Reset();
            RecordEncoder.Metadata([new RefMetadata((ulong)seg, 1, "u", "h")], buf);
            w.Log(buf.WrittenSpan);
            w.NextSegment();
        }

        var stats = Checkpoint.Create(w, 0, 2, r => r != 1, mint: 100);
        Assert.Equal(3, stats.TotalSeries);
        Assert.Equal(1, stats.DroppedSeries);
        Assert.Equal(1, stats.DroppedSamples);
        Assert.True(Directory.Exists(WalDirectory.CheckpointName(dir.Path, 2)));
        Assert.False(Directory.Exists(WalDirectory.CheckpointName(dir.Path, 2) + ".tmp"));
        Assert.Equal(("checkpoint.00000002", 2), (Path.GetFileName(WalDirectory.LastCheckpoint(dir.Path)!.Value.Path), WalDirectory.LastCheckpoint(dir.Path)!.Value.Index));

        var series = new List<RefSeries>();
        var samples = new List<RefSample>();
        var metadata = new List<RefMetadata>();
        using (var reader = new WalReader(SegmentBufReader.ForDirectory(WalDirectory.CheckpointName(dir.Path, 2))))
        {
            while (reader.Next())
            {
                switch (RecordDecoder.Type(reader.Record))
                {
                    case RecordType.Series:
                        RecordDecoder.Series(reader.Record, series);
                        break;
                    case RecordType.Samples:
                        RecordDecoder.Samples(reader.Record, samples);
                        break;
                    case RecordType.Metadata:
                        RecordDecoder.Metadata(reader.Record, metadata);
                        break;
                }
            }

            Assert.Null(reader.Error);
        }

        Assert.Equal(new ulong[] { 0, 2 }, series.Select(s => s.Ref));
        Assert.Equal(new long[] { 100, 200 }, samples.Select(s => s.T));
        Assert.Equal(new ulong[] { 0, 2 }, metadata.Select(m => m.Ref).Order());

        // A second checkpoint folds in the first and the segments after it.
        Checkpoint.Create(w, 3, 3, _ => true, mint: 0);
        WalDirectory.DeleteCheckpoints(dir.Path, 3);
        Assert.Equal(3, WalDirectory.LastCheckpoint(dir.Path)!.Value.Index);
        Assert.False(Directory.Exists(WalDirectory.CheckpointName(dir.Path, 2)));
    }

    [Fact]
    public void Create_GapToLastCheckpoint_Throws()
    {
        using var dir = new TempDirectory();
        using var w = WalTestUtil.Open(dir);
        w.Log([1]);
        w.NextSegment();
        Checkpoint.Create(w, 0, 0, _ => true, 0);
        Assert.Throws<InvalidOperationException>(() => Checkpoint.Create(w, 5, 6, _ => true, 0));
    }
}
