using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.RemoteWriteReceiver;
using Vigil.Metrics.Storage;
using Vigil.Metrics.Tests.Storage;
using Vigil.TestKit;

namespace Vigil.Metrics.Tests.RemoteWriteReceiver;

public sealed class WriteReceiverTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly WalStorage _storage;
    private readonly WriteReceiver _receiver;

    public WriteReceiverTests()
    {
        _storage = WalStorage.Open(_dir.Path);
        _receiver = new WriteReceiver(_storage, NullLogger.Instance);
    }

    public void Dispose()
    {
        _storage.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Receive_ValidRequest_204AndSamplesInWal()
    {
        var body = WriteRequests.Body(
            (["__name__", "up", "job", "a"], [(1000, 1), (2000, 0)]),
            (["__name__", "up", "job", "b"], [(1000, 1)]));

        var result = _receiver.Receive(body);

        Assert.Equal(204, result.StatusCode);
        _storage.Close();
        var wal = WalContents.Read(_storage.WalDirectory);
        Assert.Equal(2, wal.Series.Count);
        Assert.Equal(3, wal.Samples.Count);
    }

    [Fact]
    public void Receive_SameSeriesTwice_OneSeriesRecordAndCachedOnce()
    {
        var body = WriteRequests.Body((["__name__", "x"], [(1000, 1)]));
        Assert.Equal(204, _receiver.Receive(body).StatusCode);
        Assert.Equal(204, _receiver.Receive(WriteRequests.Body((["__name__", "x"], [(2000, 2)]))).StatusCode);

        Assert.Equal(1, _receiver.CachedSeriesCount);
        _storage.Close();
        var wal = WalContents.Read(_storage.WalDirectory);
        Assert.Single(wal.Series);
        Assert.Equal(2, wal.Samples.Count);
    }

    [Fact]
    public void Receive_UnsortedLabels_AcceptedAndStoredSorted()
    {
        var result = _receiver.Receive(WriteRequests.Body((["job", "a", "__name__", "x"], [(1000, 1)])));

        Assert.Equal(204, result.StatusCode);
        _storage.Close();
        var series = Assert.Single(WalContents.Read(_storage.WalDirectory).Series);
        Assert.Equal("{__name__=\"x\", job=\"a\"}", series.Labels.ToString());
    }

    [Theory]
    [InlineData(new string[0], "empty labelset")]
    [InlineData(new[] { "job", "" }, "empty labelset")]
    [InlineData(new[] { "__name__", "x", "__name__", "y" }, "label name \"__name__\" is not unique")]
    [InlineData(new[] { "__name__", "x", "1bad", "y" }, "invalid label name \"1bad\"")]
    [InlineData(new[] { "__name__", "x", "", "y" }, "invalid label name \"\"")]
    public void Receive_InvalidLabels_400AndNothingWritten(string[] labels, string message)
    {
        var body = WriteRequests.Body((["__name__", "good"], [(1000, 1)]), (labels, [(1000, 1)]));

        var result = _receiver.Receive(body);

        Assert.Equal(400, result.StatusCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        _storage.Close();
        Assert.Empty(WalContents.Read(_storage.WalDirectory).Samples);
    }

    [Fact]
    public void Receive_NotSnappy_400()
    {
        var result = _receiver.Receive("this is not snappy at all"u8);
        Assert.Equal(400, result.StatusCode);
    }

    [Fact]
    public void Receive_NotProtobuf_400()
    {
        var result = _receiver.Receive(WriteRequests.Compress([0xff, 0xff, 0xff, 0xff, 0xff]));
        Assert.Equal(400, result.StatusCode);
    }

    [Fact]
    public void Receive_DeclaredSizeOver32MiB_400BeforeDecoding()
    {
        // A snappy block starts with the decoded length as a uvarint: 64 MiB here, followed by nothing.
        byte[] body = [0x80, 0x80, 0x80, 0x20, 0x00];

        var result = _receiver.Receive(body);

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("exceeds the limit", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Receive_AfterStorageClosed_503()
    {
        _storage.Close();
        var result = _receiver.Receive(WriteRequests.Body((["__name__", "x"], [(1000, 1)])));
        Assert.Equal(503, result.StatusCode);
    }
}
