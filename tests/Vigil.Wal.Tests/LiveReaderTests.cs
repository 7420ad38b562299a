using Vigil.TestKit;

namespace Vigil.Wal.Tests;

public class LiveReaderTests
{
    [Theory]
    [InlineData(false, 97)]
    [InlineData(true, 1009)]
    [InlineData(false, 1)]
    public void Next_DataArrivesInPieces_EveryRecordOnce(bool compress, int step)
    {
        using var dir = new TempDirectory();
        var records = Enumerable.Range(0, 12).Select(i => WalTestUtil.RandomRecord(i * 3001 % 40000, i)).ToList();
        records.Add(new byte[20000]);
        using (var w = WalTestUtil.Open(dir, compress: compress))
        {
            foreach (var r in records)
            {
                w.Log(r);
            }
        }

        var bytes = File.ReadAllBytes(WalDirectory.SegmentName(dir.Path, 0));
        var stream = new GrowingStream(bytes);
        var reader = new LiveReader(stream, 0, dir.Path);
        var read = new List<byte[]>();
        for (var visible = 0; ; visible = Math.Min(bytes.Length, visible + step))
        {
            stream.Visible = visible;
            while (reader.Next())
            {
                read.Add(reader.Record.ToArray());
            }

            Assert.Null(reader.Error);
            if (visible == bytes.Length)
            {
                break;
            }
        }

        Assert.Equal(records, read);
        Assert.Equal(bytes.Length, reader.Offset);
    }

    [Fact]
    public void Next_WhileWriterAppends_FollowsTheSegment()
    {
        using var dir = new TempDirectory();
        using var w = WalTestUtil.Open(dir);
        using var file = new FileStream(WalDirectory.SegmentName(dir.Path, 0), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var reader = new LiveReader(file, 0);
        Assert.False(reader.Next());
        Assert.Null(reader.Error);
        var expected = new List<byte[]>();
        var read = new List<byte[]>();
        for (var i = 0; i < 30; i++)
        {
            var r = WalTestUtil.RandomRecord(500 + (i * 1700), i);
            expected.Add(r);
            w.Log(r);
            while (reader.Next())
            {
                read.Add(reader.Record.ToArray());
            }
        }

        Assert.Equal(expected, read);
    }

    [Fact]
    public void Next_CorruptFragment_ReportsError()
    {
        using var dir = new TempDirectory();
        using (var w = WalTestUtil.Open(dir))
        {
            w.Log(WalTestUtil.RandomRecord(100, 1));
            w.Log(WalTestUtil.RandomRecord(100, 2));
        }

        var bytes = File.ReadAllBytes(WalDirectory.SegmentName(dir.Path, 0));
        bytes[107 + 50] ^= 1;
        var reader = new LiveReader(new MemoryStream(bytes), 0, dir.Path);
        Assert.True(reader.Next());
        Assert.False(reader.Next());
        Assert.StartsWith("unexpected checksum", reader.Error!.Reason, StringComparison.Ordinal);
        Assert.Equal(0, reader.Error.Segment);
    }

    /// <summary>A read-only stream over a buffer of which only the first <see cref="Visible"/> bytes exist yet.</summary>
    private sealed class GrowingStream(byte[] data) : Stream
    {
        private int _position;

        public int Visible { get; set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => Visible;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, Visible - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
