using Vigil.TestKit;

namespace Vigil.Wal.Tests;

public class DiskFullTests
{
    [Fact]
    public void Log_DiskFull_FailsAndCountsThenResumesWhenSpaceReturns()
    {
        using var dir = new TempDirectory();
        var files = new FaultySegmentFileFactory();
        var metrics = WalMetrics.Unregistered();
        var records = new List<byte[]>();
        using (var w = WalWriter.Open(dir.Path, new WalWriterOptions { SegmentSize = 4 * WalFormat.PageSize, Compress = false, Files = files, Metrics = metrics }))
        {
            for (var i = 0; i < 30; i++)
            {
                var r = WalTestUtil.RandomRecord(3000 + (i * 517), i);
                files.DiskFull = i is >= 10 and < 20;
                if (files.DiskFull)
                {
                    Assert.Throws<IOException>(() => w.Log(r));
                }
                else
                {
                    w.Log(r);
                    records.Add(r);
                }
            }

            files.DiskFull = false;
        }

        Assert.Equal(10, metrics.WritesFailed.Value);
        var (read, error) = WalTestUtil.ReadAll(dir.Path);
        Assert.Null(error);
        Assert.Equal(records, read);
    }
}
