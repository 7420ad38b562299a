using Vigil.TestKit;

namespace Vigil.Wal.Tests;

public class WalRepairTests
{
    private const int P = WalFormat.PageSize;
    private const int H = WalFormat.RecordHeaderSize;

    public static TheoryData<string, int, int, byte[], int> ReadingErrorCases => new()
    {
        { "torn_last_record", 2, 2 * P, [2], 8 },
        { "bad_header", 1, P, [0], 4 },
        { "bad_fragment_sequence", 1, P, [4], 4 },
        { "bad_fragment_flag", 1, P, [123], 4 },
        { "bad_checksum", 1, P + 4, [0], 4 },
        { "bad_length", 1, P + 2, [0], 4 },
        { "bad_content", 1, P + 100, "beef"u8.ToArray(), 4 },
    };

    /// <summary>Prometheus TestWALRepair_ReadingError: 3 segments of 3 pages, one page-filling record per page.</summary>
    [Theory]
    [MemberData(nameof(ReadingErrorCases))]
    public void Repair_ReadingError_KeepsRecordsBeforeCorruption(string name, int segment, int offset, byte[] write, int intact)
    {
        using var dir = new TempDirectory();
        var records = new List<byte[]>();
        using (var w = WalTestUtil.Open(dir, segmentSize: 3 * P))
        {
            for (var i = 0; i < 9; i++)
            {
                var b = new byte[P - H];
                b[0] = (byte)i;
                records.Add(b);
                w.Log(b);
            }
        }

        Assert.Equal(3, WalDirectory.ListSegments(dir.Path).Count);
        using (var f = new FileStream(WalDirectory.SegmentName(dir.Path, segment), FileMode.Open, FileAccess.Write))
        {
            f.Seek(offset, SeekOrigin.Begin);
            f.Write(write);
        }

        using (var w = WalTestUtil.Open(dir, segmentSize: 3 * P))
        {
            var error = FirstSegmentError(dir.Path);
            Assert.NotNull(error);
            w.Repair(error);
        }

        var (read, readError) = WalTestUtil.ReadAll(dir.Path);
        Assert.True(readError is null, name + ": " + readError?.Message);
        Assert.Equal(intact, read.Count);
        Assert.Equal(records.Take(intact), read);
        var (_, last) = WalDirectory.Segments(dir.Path);
        Assert.Equal(segment + 1, last);
        Assert.Equal(0, new FileInfo(WalDirectory.SegmentName(dir.Path, last)).Length);
    }

    [Theory]
    [InlineData(false, 100)]
    [InlineData(false, 300)]
    [InlineData(true, 200)]
    public void Repair_TruncatedAtEveryOffsetOfLastRecord_KeepsEveryEarlierRecord(bool compress, int lastSize)
    {
        using var template = new TempDirectory();
        var records = new List<byte[]>
        {
            WalTestUtil.RandomRecord(1000, 1),
            WalTestUtil.RandomRecord(P + 50, 2),
            WalTestUtil.RandomRecord(P - 1000 - (2 * H) - 50 - (3 * H) - 150, 3),
            WalTestUtil.RandomRecord(lastSize, 4),
        };
        long start, end;
        using (var w = WalTestUtil.Open(template, compress: compress))
        {
            for (var i = 0; i < records.Count - 1; i++)
            {
                w.Log(records[i]);
            }

            start = w.LastSegmentAndOffset().Offset;
            w.Log(records[^1]);
            end = w.LastSegmentAndOffset().Offset;
        }

        // The last record starts near the end of a page so that its fragments straddle the boundary.
        Assert.True(end > start);
        var bytes = File.ReadAllBytes(WalDirectory.SegmentName(template.Path, 0));
        for (var cut = start; cut < end; cut++)
        {
            using var dir = new TempDirectory();
            File.WriteAllBytes(WalDirectory.SegmentName(dir.Path, 0), bytes.AsSpan(0, (int)cut).ToArray());
            using (var w = WalTestUtil.Open(dir, compress: compress))
            {
                var error = FirstSegmentError(dir.Path);
                if (error is not null)
                {
                    w.Repair(error);
                }
            }

            var (read, readError) = WalTestUtil.ReadAll(dir.Path);
            Assert.True(readError is null, $"cut {cut}: {readError?.Message}");
            Assert.True(read.Count >= records.Count - 1, $"cut {cut}: {read.Count} records");
            Assert.Equal(records.Take(records.Count - 1), read.Take(records.Count - 1));

            // A cut inside a header can leave a zero-length record (zero length, zero CRC), and a cut that only removes
            // trailing zero bytes reads back as the same record after zero padding; never a wrong one.
            Assert.All(read.Skip(records.Count - 1), r => Assert.True(r.Length == 0 || r.AsSpan().SequenceEqual(records[^1])));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Next_BitFlipInRecordData_CaughtByChecksum(bool compress)
    {
        using var template = new TempDirectory();
        using (var w = WalTestUtil.Open(template, compress: compress))
        {
            for (var i = 0; i < 5; i++)
            {
                var r = new byte[3000];
                r.AsSpan(0, 1500).Fill((byte)i);
                WalTestUtil.RandomRecord(1500, i).CopyTo(r, 1500);
                w.Log(r);
            }
        }

        var bytes = File.ReadAllBytes(WalDirectory.SegmentName(template.Path, 0));
        var fragments = WalWriterTests.RawFragments(bytes);
        var pos = 0;
        foreach (var (_, length) in fragments)
        {
            for (var i = 0; i < length; i += 37)
            {
                var copy = (byte[])bytes.Clone();
                copy[pos + H + i] ^= 0x10;
                var (_, reason) = WalTestUtil.ReadBytes(copy);
                Assert.NotNull(reason);
                Assert.StartsWith("unexpected checksum", reason, StringComparison.Ordinal);
            }

            pos += H + length;
        }
    }

    [Fact]
    public void Repair_CorruptAndCarryOn_NewRecordsFollowRepairedOnes()
    {
        using var dir = new TempDirectory();
        const int recordSize = (P / 3) - H;
        using (var w = WalTestUtil.Open(dir, segmentSize: 3 * P))
        {
            for (var i = 0; i < 18; i++)
            {
                w.Log(WalTestUtil.RandomRecord(recordSize, i));
            }
        }

        using (var f = new FileStream(WalDirectory.SegmentName(dir.Path, 0), FileMode.Open))
        {
            f.SetLength(3 * P / 2);
        }

        var (before, error) = WalTestUtil.ReadAll(dir.Path);
        Assert.Equal(4, before.Count);
        Assert.NotNull(error);
        using (var w = WalTestUtil.Open(dir, segmentSize: 3 * P))
        {
            w.Repair(error);
            Assert.Equal(1, w.CurrentSegment);
            for (var i = 0; i < 5; i++)
            {
                w.Log(WalTestUtil.RandomRecord(recordSize, 100 + i));
            }
        }

        var (after, afterError) = WalTestUtil.ReadAll(dir.Path);
        Assert.Null(afterError);
        Assert.Equal(9, after.Count);
    }

    /// <summary>Reads segment by segment, as replay does, and returns the first error.</summary>
    internal static WalCorruptionException? FirstSegmentError(string dir)
    {
        foreach (var s in WalDirectory.ListSegments(dir))
        {
            using var reader = new WalReader(new SegmentBufReader([s]));
            while (reader.Next())
            {
            }

            if (reader.Error is { } e)
            {
                return e;
            }
        }

        return null;
    }
}
