using Vigil.ScrapingService.Kv;
using Vigil.TestKit;

namespace Vigil.ScrapingService.Tests.Kv;

public sealed class EmbeddedKvStoreTests : KvStoreContractTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    protected override async Task<IKvStore> OpenAsync() =>
        await EmbeddedKvStore.OpenAsync(_dir.Combine($"kv-{Guid.NewGuid():N}.db"), CancellationToken.None);

    [Fact]
    public async Task Reopen_KeepsEntries()
    {
        var path = _dir.Combine("durable.db");
        await using (var store = await EmbeddedKvStore.OpenAsync(path, CancellationToken.None))
        {
            await store.PutAsync("configurations/keep", Bytes("yes"), IKvStore.AnyVersion, CancellationToken.None);
        }

        await using var reopened = await EmbeddedKvStore.OpenAsync(path, CancellationToken.None);
        Assert.Equal(Bytes("yes"), (await reopened.GetAsync("configurations/keep", CancellationToken.None))!.Value);
    }

    [Fact]
    public async Task Open_UnwritablePath_ClearError()
    {
        var blocker = _dir.Combine("file");
        await File.WriteAllTextAsync(blocker, "not a directory");
        var e = await Assert.ThrowsAnyAsync<IOException>(() => EmbeddedKvStore.OpenAsync(Path.Combine(blocker, "kv.db"), CancellationToken.None));
        Assert.Contains("kv.db", e.Message, StringComparison.Ordinal);
    }
}
