using Vigil.TestKit;

namespace Vigil.Wal.Tests;

/// <summary>Helpers to write and read whole logs in tests.</summary>
internal static class WalTestUtil
{
    public static byte[] RandomRecord(int size, int seed)
    {
        var b = new byte[size];
        new Random(seed).NextBytes(b);
        return b;
    }

    public static WalWriter Open(TempDirectory dir, int segmentSize = WalFormat.DefaultSegmentSize, bool compress = false, ISegmentFileFactory? files = null) =>
        WalWriter.Open(dir.Path, new WalWriterOptions { SegmentSize = segmentSize, Compress = compress, Files = files ?? FileSegmentFileFactory.Instance });

    public static (List<byte[]> Records, WalCorruptionException? Error) ReadAll(string dir)
    {
        var records = new List<byte[]>();
        using var reader = new WalReader(SegmentBufReader.ForDirectory(dir));
        while (reader.Next())
        {
            records.Add(reader.Record.ToArray());
        }

        return (records, reader.Error);
    }

    public static (List<byte[]> Records, string? Error) ReadBytes(byte[] data)
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.Combine("00000000"), data);
        var (records, error) = ReadAll(dir.Path);
        return (records, error?.Reason);
    }
}
