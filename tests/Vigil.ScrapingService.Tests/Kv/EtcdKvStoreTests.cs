using Microsoft.Extensions.Logging.Abstractions;
using Vigil.ScrapingService.Kv;
using Vigil.TestKit.Peers;

namespace Vigil.ScrapingService.Tests.Kv;

/// <summary>The store contract against a real etcd 3.4 started for this class on free loopback ports.</summary>
public sealed class EtcdKvStoreTests : KvStoreContractTests, IClassFixture<EtcdKvStoreTests.EtcdFixture>
{
    private readonly EtcdFixture _etcd;

    public EtcdKvStoreTests(EtcdFixture etcd)
    {
        _etcd = etcd;
    }

    protected override Task<IKvStore> OpenAsync()
    {
        // Each test gets its own key space so tests in this class cannot see each other's keys.
        IKvStore store = new PrefixedKvStore(
            EtcdKvStore.Connect([_etcd.Server!.Endpoint], null, null, TimeSpan.FromSeconds(10), NullLogger.Instance),
            $"t{Guid.NewGuid():N}/");
        return Task.FromResult(store);
    }

    [Fact]
    public async Task Restart_DataSurvivesKill9()
    {
        await using var store = EtcdKvStore.Connect([_etcd.Server!.Endpoint], null, null, TimeSpan.FromSeconds(10), NullLogger.Instance);
        await store.PutAsync("survive/a", Bytes("1"), IKvStore.AnyVersion, CancellationToken.None);
        await _etcd.Server.KillAsync();
        await Assert.ThrowsAsync<IOException>(() => store.GetAsync("survive/a", CancellationToken.None));
        await _etcd.Server.RestartAsync();
        KvEntry? entry = null;
        for (var i = 0; i < 50 && entry is null; i++)
        {
            try
            {
                entry = await store.GetAsync("survive/a", CancellationToken.None);
            }
            catch (IOException)
            {
                await Task.Delay(200);
            }
        }

        Assert.Equal(Bytes("1"), entry?.Value);
    }

    public sealed class EtcdFixture : IAsyncLifetime
    {
        public EtcdServer? Server { get; private set; }

        public async Task InitializeAsync() => Server = await EtcdServer.StartAsync();

        public async Task DisposeAsync()
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }
        }
    }
}
