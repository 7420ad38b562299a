using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigil.Metrics.Instance;
using Vigil.TestKit;

namespace Vigil.Metrics.Tests.Instance;

public sealed class WalCleanerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Abandoned_NoRootDirectory_Nothing()
    {
        var cleaner = Cleaner(Path.Combine(_dir.Path, "missing"), []);
        Assert.Empty(cleaner.Abandoned(TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Abandoned_OldUnmanagedWal_Listed_ManagedAndFreshAndNonWalKept()
    {
        var old = Wal("old", TimeSpan.FromHours(13));
        var fresh = Wal("fresh", TimeSpan.FromMinutes(5));
        var managed = Wal("managed", TimeSpan.FromHours(13));
        Directory.CreateDirectory(Path.Combine(_dir.Path, "not-a-wal", "stuff"));
        var nested = Wal(Path.Combine("integration", "node_exporter"), TimeSpan.FromHours(13));

        var cleaner = Cleaner(_dir.Path, [managed]);
        var abandoned = cleaner.Abandoned(TimeSpan.FromHours(12));

        Assert.Equal([Path.GetFullPath(old)], abandoned);
        Assert.True(Directory.Exists(fresh));
        Assert.True(Directory.Exists(nested));
    }

    [Fact]
    public void Cleanup_RemovesExactlyTheAbandoned()
    {
        var old = Wal("old", TimeSpan.FromHours(13));
        var fresh = Wal("fresh", TimeSpan.FromMinutes(5));

        var removed = Cleaner(_dir.Path, []).Cleanup(TimeSpan.FromHours(12));

        Assert.Equal([Path.GetFullPath(old)], removed);
        Assert.False(Directory.Exists(old));
        Assert.True(Directory.Exists(fresh));
    }

    private WalCleaner Cleaner(string root, IReadOnlyList<string> managed) =>
        new(root, () => managed, Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()), _time, NullLogger.Instance);

    private string Wal(string name, TimeSpan age)
    {
        var dir = Path.Combine(_dir.Path, name);
        var wal = Path.Combine(dir, "wal");
        Directory.CreateDirectory(wal);
        var segment = Path.Combine(wal, "00000000");
        File.WriteAllBytes(segment, []);
        File.SetLastWriteTimeUtc(segment, (_time.GetUtcNow() - age).UtcDateTime);
        return dir;
    }
}
