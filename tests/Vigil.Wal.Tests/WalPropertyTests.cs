using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vigil.TestKit;
using Vigil.Wal.Records;

namespace Vigil.Wal.Tests;

public class WalPropertyTests
{
    /// <summary>Whatever the bytes, the reader ends with records and/or an error, never an exception.</summary>
    [Property(MaxTest = 200, Replay = "12345,67891")]
    public void Next_ArbitraryBytes_NeverThrows(byte[] data)
    {
        var (records, _) = WalTestUtil.ReadBytes(data);
        Assert.NotNull(records);
    }

    /// <summary>A valid segment with random damage: still no exception, and every record returned before the damage is intact.</summary>
    [Property(MaxTest = 100, Replay = "424242,171717")]
    public void Next_DamagedSegment_RecordsBeforeDamageIntact(PositiveInt position, byte value, bool compress)
    {
        using var dir = new TempDirectory();
        var records = Enumerable.Range(0, 8).Select(i => WalTestUtil.RandomRecord(i * 5003 % 30000, i)).ToList();
        using (var w = WalTestUtil.Open(dir, compress: compress))
        {
            foreach (var r in records)
            {
                w.Log(r);
            }
        }

        var bytes = File.ReadAllBytes(WalDirectory.SegmentName(dir.Path, 0));
        bytes[position.Get % bytes.Length] = value;
        var (read, _) = WalTestUtil.ReadBytes(bytes);
        for (var i = 0; i < read.Count && i < records.Count; i++)
        {
            if (!read[i].AsSpan().SequenceEqual(records[i]))
            {
                // A damaged record can only pass if its CRC still matches: the damage did not change its bytes.
                Assert.Fail($"record {i} differs without a checksum error");
            }
        }
    }

    [Property(MaxTest = 50, Replay = "99,97")]
    public void Log_RandomRecords_ReadBackEqual(byte[][] records, bool compress)
    {
        using var dir = new TempDirectory();
        using (var w = WalTestUtil.Open(dir, segmentSize: 4 * WalFormat.PageSize, compress: compress))
        {
            foreach (var r in records)
            {
                w.Log(r);
            }
        }

        var (read, error) = WalTestUtil.ReadAll(dir.Path);
        Assert.Null(error);
        Assert.Equal(records, read);
    }

    [Property(MaxTest = 200, Replay = "3,5")]
    public void Samples_RoundTrip(ulong[] refs, long[] times, double[] values)
    {
        var n = Math.Min(refs.Length, Math.Min(times.Length, values.Length));
        var samples = Enumerable.Range(0, n).Select(i => new RefSample(refs[i], times[i], values[i])).ToArray();
        var buf = new RecordBuffer();
        RecordEncoder.Samples(samples, buf);
        var read = new List<RefSample>();
        RecordDecoder.Samples(buf.WrittenSpan, read);
        Assert.Equal(samples.Select(s => (s.Ref, s.T, BitConverter.DoubleToUInt64Bits(s.V))), read.Select(s => (s.Ref, s.T, BitConverter.DoubleToUInt64Bits(s.V))));
    }
}
