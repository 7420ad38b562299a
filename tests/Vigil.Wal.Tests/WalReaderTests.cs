using System.Buffers.Binary;

namespace Vigil.Wal.Tests;

public class WalReaderTests
{
    private const int P = WalFormat.PageSize;

    public static TheoryData<string, byte[], int[], string?> Cases => new()
    {
        { "empty file", [], [], null },
        { "one full", Pad(Frag(1, 10)), [10], null },
        { "first middle last", Pad([.. Frag(2, 5), .. Frag(3, 6), .. Frag(4, 7)]), [18], null },
        { "zero-length middle is a torn header", Pad([.. Frag(2, 5), .. Frag(3, 0), .. Frag(4, 3)]), [], "zero-length middle fragment" },
        { "zero-length last is a torn header", Pad([.. Frag(2, 5), .. Frag(4, 0)]), [], "zero-length last fragment" },
        { "full of max size", Frag(1, WalFormat.MaxFragmentSize), [WalFormat.MaxFragmentSize], null },
        { "padding ends exactly on a page", [.. Pad(Frag(1, 3)), .. Pad(Frag(1, 4))], [3, 4], null },
        { "size over a page", Pad(Header(1, P + 1, 0)), [], "invalid record size 32769" },
        { "middle without first", Pad(Frag(3, 5)), [], "unexpected middle record" },
        { "last without first", Pad(Frag(4, 5)), [], "unexpected last record" },
        { "first then full", Pad([.. Frag(2, 5), .. Frag(1, 5)]), [], "unexpected full record" },
        { "first then first", Pad([.. Frag(2, 5), .. Frag(2, 5)]), [], "unexpected first record" },
        { "unknown fragment type", Pad(Frag(5, 5)), [], "unexpected record type 5" },
        { "non-zero after padding", WithByte(Pad(Frag(1, 5)), 100, 1), [5], "unexpected non-zero byte in padded page" },
        { "torn last record", Pad(Frag(2, 5)), [], "last record is torn" },
        { "bad checksum", Pad(WithByte(Frag(1, 5), 3, 0xff)), [], "unexpected checksum" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Next_FragmentSequences_RecordsOrError(string name, byte[] data, int[] recordSizes, string? error)
    {
        var (records, reason) = WalTestUtil.ReadBytes(data);
        Assert.Equal(recordSizes, records.Select(r => r.Length).ToArray());
        if (error is null)
        {
            Assert.True(reason is null, name + ": " + reason);
        }
        else
        {
            Assert.NotNull(reason);
            Assert.StartsWith(error, reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Error_ReportsSegmentAndOffset()
    {
        using var dir = new Vigil.TestKit.TempDirectory();
        File.WriteAllBytes(dir.Combine("00000000"), Pad(Frag(1, 5)));
        File.WriteAllBytes(dir.Combine("00000001"), [.. Pad(Frag(1, 5)), .. Pad(Frag(3, 5))]);
        using var reader = new WalReader(SegmentBufReader.ForDirectory(dir.Path));
        Assert.True(reader.Next());
        Assert.True(reader.Next());
        Assert.False(reader.Next());
        Assert.Equal(1, reader.Error!.Segment);
        Assert.Equal(P + WalFormat.RecordHeaderSize + 5, reader.Error.Offset);
    }

    internal static byte[] Header(byte type, int length, uint crc)
    {
        var h = new byte[WalFormat.RecordHeaderSize];
        h[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(1), (ushort)length);
        BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(3), crc);
        return h;
    }

    internal static byte[] Frag(byte type, int length)
    {
        var data = WalTestUtil.RandomRecord(length, length);
        return [.. Header(type, length, Crc32Castagnoli.Compute(data)), .. data];
    }

    internal static byte[] Pad(byte[] data)
    {
        var padded = new byte[(data.Length + P - 1) / P * P];
        data.CopyTo(padded, 0);
        return padded;
    }

    private static byte[] WithByte(byte[] data, int index, byte value)
    {
        var copy = (byte[])data.Clone();
        copy[index] = value;
        return copy;
    }
}
