using System.Buffers.Binary;
using Vigil.TestKit;

namespace Vigil.Wal.Tests;

public class WalWriterTests
{
    private const int P = WalFormat.PageSize;
    private const int H = WalFormat.RecordHeaderSize;
    private const int Max = WalFormat.MaxFragmentSize;

    public static TheoryData<string, int[], string> PageBoundaryCases => new()
    {
        { "empty record", [0], "Full:0" },
        { "exactly fills a page", [Max], $"Full:{Max}" },
        { "crosses one page", [Max + 1], $"First:{Max} Last:1" },
        { "spans many pages", [3 * P], $"First:{Max} Middle:{Max} Middle:{Max} Last:{(3 * P) - (3 * Max)}" },
        { "spans exactly two pages", [2 * Max], $"First:{Max} Last:{Max}" },
        { "seven bytes left gives an empty first fragment", [P - (2 * H), 10], $"Full:{P - (2 * H)} First:0 Last:10" },
        { "six bytes left pads the page", [P - (2 * H) + 1, 10], $"Full:{P - (2 * H) + 1} Full:10" },
        { "two records share a page", [100, 200], "Full:100 Full:200" },
        { "second record crosses", [P / 2, P / 2], $"Full:{P / 2} First:{P - (P / 2) - (2 * H)} Last:{(P / 2) - (P - (P / 2) - (2 * H))}" },
    };

    [Theory]
    [MemberData(nameof(PageBoundaryCases))]
    public void Log_PageBoundary_FragmentsAndReadBack(string name, int[] sizes, string fragments)
    {
        using var dir = new TempDirectory();
        var records = sizes.Select((s, i) => WalTestUtil.RandomRecord(s, i)).ToArray();
        using (var w = WalTestUtil.Open(dir))
        {
            foreach (var r in records)
            {
                w.Log(r);
            }
        }

        var file = File.ReadAllBytes(dir.Combine("00000000"));
        Assert.True(file.Length % P == 0, name);
        Assert.Equal(fragments, string.Join(' ', Fragments(file)));
        var (read, error) = WalTestUtil.ReadAll(dir.Path);
        Assert.Null(error);
        Assert.Equal(records, read);
    }

    [Fact]
    public void Log_ExactlyFillsPage_WritesOnePageWithoutPadding()
    {
        using var dir = new TempDirectory();
        using var w = WalTestUtil.Open(dir);
        w.Log(new byte[Max]);
        Assert.Equal(P, new FileInfo(dir.Combine("00000000")).Length);
        Assert.Equal((0, (long)P), w.LastSegmentAndOffset());
    }

    [Fact]
    public void Log_PartialPage_IsWrittenBeforeClose()
    {
        using var dir = new TempDirectory();
        using var w = WalTestUtil.Open(dir);
        w.Log(new byte[10]);

        // The partial page reaches the file (page cache) at the end of every Log call.
        Assert.Equal(H + 10, new FileInfo(dir.Combine("00000000")).Length);
        Assert.Single(WalTestUtil.ReadAll(dir.Path).Records);
    }

    [Fact]
    public void Log_BatchOfRecords_ReadBackInOrder()
    {
        using var dir = new TempDirectory();
        var records = Enumerable.Range(0, 50).Select(i => WalTestUtil.RandomRecord(i * 1000, i)).ToArray();
        using (var w = WalTestUtil.Open(dir))
        {
            w.Log(records.Select(r => (ReadOnlyMemory<byte>)r).ToArray());
        }

        Assert.Equal(records, WalTestUtil.ReadAll(dir.Path).Records);
    }

    [Fact]
    public void Log_RecordDoesNotFitSegment_StartsNextSegment()
    {
        using var dir = new TempDirectory();
        var records = Enumerable.Range(0, 4).Select(i => WalTestUtil.RandomRecord(2 * Max, i)).ToArray();
        using (var w = WalTestUtil.Open(dir, segmentSize: 3 * P))
        {
            foreach (var r in records)
            {
                w.Log(r);
            }

            Assert.Equal(3, w.CurrentSegment);
        }

        var segments = WalDirectory.ListSegments(dir.Path);
        Assert.Equal(4, segments.Count);
        Assert.All(segments, s => Assert.True(new FileInfo(s.Path).Length <= 3 * P));
        Assert.Equal(records, WalTestUtil.ReadAll(dir.Path).Records);
    }

    [Fact]
    public void Log_RecordLargerThanSegment_GetsItsOwnLargerSegment()
    {
        using var dir = new TempDirectory();
        var small = WalTestUtil.RandomRecord(10, 1);
        var big = WalTestUtil.RandomRecord(5 * P, 2);
        using (var w = WalTestUtil.Open(dir, segmentSize: 3 * P))
        {
            w.Log(small);
            w.Log(big);
            w.Log(small);
        }

        Assert.Equal(3, WalDirectory.ListSegments(dir.Path).Count);
        Assert.Equal(new[] { small, big, small }, WalTestUtil.ReadAll(dir.Path).Records);
    }

    [Fact]
    public void Open_ExistingLog_StartsNewSegmentAfterLast()
    {
        using var dir = new TempDirectory();
        using (var w = WalTestUtil.Open(dir))
        {
            w.Log([1, 2, 3]);
        }

        using (var w = WalTestUtil.Open(dir))
        {
            Assert.Equal(1, w.CurrentSegment);
            w.Log([4]);
        }

        Assert.Equal(new[] { new byte[] { 1, 2, 3 }, [4] }, WalTestUtil.ReadAll(dir.Path).Records);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Log_Compression_RoundTripsAndSetsFlagOnlyWhenSmaller(bool compress)
    {
        using var dir = new TempDirectory();
        var zeros = new byte[(P / 2) - H];
        var random = WalTestUtil.RandomRecord(100, 7);
        using (var w = WalTestUtil.Open(dir, compress: compress))
        {
            for (var i = 0; i < 20; i++)
            {
                w.Log(zeros);
            }

            w.Log(random);
        }

        var file = File.ReadAllBytes(dir.Combine("00000000"));
        var flags = RawFragments(file).Select(f => (f.TypeByte & WalFormat.SnappyMask) != 0).ToList();
        Assert.Equal(compress, flags[0]);
        Assert.False(flags[^1]);
        if (compress)
        {
            Assert.True(file.Length < 20 * zeros.Length * 3 / 4);
        }

        Assert.Equal([.. Enumerable.Repeat(zeros, 20), random], WalTestUtil.ReadAll(dir.Path).Records);
    }

    [Fact]
    public void Close_Twice_Throws()
    {
        using var dir = new TempDirectory();
        var w = WalTestUtil.Open(dir);
        w.Close();
        Assert.Throws<InvalidOperationException>(w.Close);
    }

    [Fact]
    public void NextSegment_Metric_FollowsCurrentSegment()
    {
        using var dir = new TempDirectory();
        var metrics = WalMetrics.Unregistered();
        using var w = WalWriter.Open(dir.Path, new WalWriterOptions { SegmentSize = P, Compress = false, Metrics = metrics });
        for (var i = 0; i < 3; i++)
        {
            w.Log(new byte[(P / 2) - H]);
        }

        Assert.Equal(1, metrics.CurrentSegment.Value);
        Assert.Equal(2, w.NextSegment());
        Assert.Equal(2, metrics.CurrentSegment.Value);
    }

    [Theory]
    [InlineData("first record in a page", 10, 1)]
    [InlineData("record in the middle of a page", 10, 3)]
    [InlineData("last record of a page", (P / (H + 5)) + 10, P / (H + 5))]
    [InlineData("record overlapping two pages", (P / (H + 5)) + 10, (P / (H + 5)) + 1)]
    public void Log_PartialWrite_LeavesNoCorruption(string name, int numRecords, int faultyRecord)
    {
        using var dir = new TempDirectory();
        byte[] record = [1, 2, 3, 4, 5];
        var files = new FaultySegmentFileFactory { FailAfterBytes = ((H + record.Length) * (faultyRecord - 1)) + 2 };
        using (var w = WalTestUtil.Open(dir, segmentSize: 2 * P, files: files))
        {
            for (var i = 1; i <= numRecords; i++)
            {
                if (i == faultyRecord)
                {
                    Assert.Throws<IOException>(() => w.Log(record));
                }
                else
                {
                    w.Log(record);
                }
            }
        }

        var (read, error) = WalTestUtil.ReadAll(dir.Path);
        Assert.True(error is null, name + ": " + error?.Message);
        Assert.Equal(numRecords - 1, read.Count);
        Assert.All(read, r => Assert.Equal(record, r));
    }

    internal static IEnumerable<string> Fragments(byte[] file) =>
        RawFragments(file).Select(f => $"{(FragmentType)(f.TypeByte & WalFormat.FragmentTypeMask)}:{f.Length}");

    internal static List<(byte TypeByte, int Length)> RawFragments(byte[] file)
    {
        var result = new List<(byte, int)>();
        var pos = 0;
        while (pos < file.Length)
        {
            var inPage = pos % P;
            if (file[pos] == 0 || P - inPage < H)
            {
                pos += P - inPage;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(pos + 1));
            result.Add((file[pos], length));
            pos += H + length;
        }

        return result;
    }
}
