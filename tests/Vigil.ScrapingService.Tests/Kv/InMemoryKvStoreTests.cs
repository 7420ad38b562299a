using Vigil.ScrapingService.Kv;

namespace Vigil.ScrapingService.Tests.Kv;

public sealed class InMemoryKvStoreTests : KvStoreContractTests
{
    protected override Task<IKvStore> OpenAsync() => Task.FromResult<IKvStore>(new InMemoryKvStore());
}
