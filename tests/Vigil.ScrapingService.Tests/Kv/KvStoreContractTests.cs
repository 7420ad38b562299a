using System.Text;
using Vigil.ScrapingService.Kv;

namespace Vigil.ScrapingService.Tests.Kv;

/// <summary>The behaviour every store must have; each store runs it through a subclass.</summary>
public abstract class KvStoreContractTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    protected abstract Task<IKvStore> OpenAsync();

    [Fact]
    public async Task Get_Absent_Null()
    {
        await using var store = await OpenAsync();
        Assert.Null(await store.GetAsync("configurations/none", Ct));
    }

    [Fact]
    public async Task Put_ThenGet_RoundTripsBytes()
    {
        await using var store = await OpenAsync();
        byte[] value = [0, 1, 2, 0xff, 0x1f, 0x8b];
        Assert.True(await store.PutAsync("configurations/a", value, IKvStore.AnyVersion, Ct));
        var entry = await store.GetAsync("configurations/a", Ct);
        Assert.NotNull(entry);
        Assert.Equal(value, entry.Value);
        Assert.True(entry.Version > 0);
    }

    [Fact]
    public async Task Put_ExpectAbsent_OnlyOnce()
    {
        await using var store = await OpenAsync();
        Assert.True(await store.PutAsync("configurations/once", Bytes("1"), 0, Ct));
        Assert.False(await store.PutAsync("configurations/once", Bytes("2"), 0, Ct));
        Assert.Equal("1", Text((await store.GetAsync("configurations/once", Ct))!.Value));
    }

    [Fact]
    public async Task Put_CompareAndSwap_RejectsStaleVersion()
    {
        await using var store = await OpenAsync();
        await store.PutAsync("configurations/cas", Bytes("1"), IKvStore.AnyVersion, Ct);
        var v1 = (await store.GetAsync("configurations/cas", Ct))!.Version;
        Assert.True(await store.PutAsync("configurations/cas", Bytes("2"), v1, Ct));
        Assert.False(await store.PutAsync("configurations/cas", Bytes("3"), v1, Ct));
        Assert.Equal("2", Text((await store.GetAsync("configurations/cas", Ct))!.Value));
    }

    [Fact]
    public async Task Delete_AbsentFalse_PresentTrue()
    {
        await using var store = await OpenAsync();
        Assert.False(await store.DeleteAsync("configurations/d", IKvStore.AnyVersion, Ct));
        await store.PutAsync("configurations/d", Bytes("x"), IKvStore.AnyVersion, Ct);
        Assert.True(await store.DeleteAsync("configurations/d", IKvStore.AnyVersion, Ct));
        Assert.Null(await store.GetAsync("configurations/d", Ct));
    }

    [Fact]
    public async Task DeleteThenRecreate_VersionNeverReused()
    {
        await using var store = await OpenAsync();
        await store.PutAsync("configurations/r", Bytes("1"), IKvStore.AnyVersion, Ct);
        var v1 = (await store.GetAsync("configurations/r", Ct))!.Version;
        await store.DeleteAsync("configurations/r", IKvStore.AnyVersion, Ct);
        await store.PutAsync("configurations/r", Bytes("2"), 0, Ct);
        Assert.False(await store.PutAsync("configurations/r", Bytes("3"), v1, Ct));
    }

    [Fact]
    public async Task List_ByPrefix_SortedAndScoped()
    {
        await using var store = await OpenAsync();
        foreach (var k in new[] { "configurations/b", "configurations/a", "configurations/a/b", "collectors/agent", "configurationsX" })
        {
            await store.PutAsync(k, Bytes(k), IKvStore.AnyVersion, Ct);
        }

        var keys = (await store.ListAsync("configurations/", Ct)).Select(e => e.Key);
        Assert.Equal(["configurations/a", "configurations/a/b", "configurations/b"], keys);
    }

    [Fact]
    public async Task Watch_SeesPutsAndDeletesUnderPrefix()
    {
        await using var store = await OpenAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new System.Collections.Concurrent.ConcurrentQueue<KvEvent>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in store.WatchAsync("configurations/", cts.Token))
            {
                seen.Enqueue(e);
                if (e.Key == "configurations/w1" && e.IsDelete)
                {
                    return;
                }
            }
        });

        // Writes keep going until the watch has seen one: registration is asynchronous for etcd.
        for (var i = 0; i < 200 && seen.IsEmpty; i++)
        {
            await store.PutAsync("configurations/w0", Bytes("probe"), IKvStore.AnyVersion, Ct);
            await Task.Delay(50);
        }

        await store.PutAsync("other/x", Bytes("ignored"), IKvStore.AnyVersion, Ct);
        await store.PutAsync("configurations/w1", Bytes("v"), IKvStore.AnyVersion, Ct);
        await store.DeleteAsync("configurations/w1", IKvStore.AnyVersion, Ct);
        await watching.WaitAsync(cts.Token);
        var events = seen.ToList();
        var put = events.FindIndex(e => e.Key == "configurations/w1" && !e.IsDelete);
        var delete = events.FindIndex(e => e.Key == "configurations/w1" && e.IsDelete);
        Assert.True(put >= 0 && delete > put, "the put of w1 is seen, then its delete");
        Assert.DoesNotContain(events, e => e.Key == "other/x");
        await cts.CancelAsync();
    }

    protected static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    private static string Text(byte[] b) => Encoding.UTF8.GetString(b);
}
