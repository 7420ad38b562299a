using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigil.Metrics.Discovery;
using Vigil.Metrics.Discovery.Static;
using Xunit;

namespace Vigil.Metrics.Tests.Sd;

public sealed class DiscoveryManagerTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Updates_FirstReportImmediately_ThenChangesWithinIntervalAsOneUpdate()
    {
        var manual = new ManualDiscoverer();
        await using var manager = Manager();
        await manager.ApplyConfigAsync(new Dictionary<string, IReadOnlyList<IDiscoverer>> { ["job"] = [manual] });
        await manual.Started.Task;

        // The first report of every provider of a new config goes out at once; later changes are debounced.
        manual.Publish("first:1");
        Assert.True(manager.Updates.TryRead(out var initial));
        Assert.Equal("first:1", Assert.Single(Assert.Single(initial["job"]).Targets).Get("__address__"));

        manual.Publish("a:1");
        manual.Publish("b:1");
        manual.Publish("c:1");
        Assert.False(manager.Updates.TryRead(out _));

        var update = await NextAsync(manager);
        Assert.Equal("c:1", Assert.Single(Assert.Single(update["job"]).Targets).Get("__address__"));

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(manager.Updates.TryRead(out _));
    }

    [Fact]
    public async Task Updates_SeveralProvidersAndJobs_MergedPerJobInProviderOrder()
    {
        var first = new ManualDiscoverer();
        var second = new ManualDiscoverer();
        var fixedGroups = new StaticDiscoverer([new StaticConfig { Targets = ["s:1"] }]);
        await using var manager = Manager();
        await manager.ApplyConfigAsync(new Dictionary<string, IReadOnlyList<IDiscoverer>>
        {
            ["one"] = [first, second],
            ["two"] = [fixedGroups],
            ["empty"] = [],
        });
        await Task.WhenAll(first.Started.Task, second.Started.Task);

        second.Publish("b:1");
        first.Publish("a:1");

        var update = await NextAsync(manager);
        Assert.Equal(["a:1", "b:1"], update["one"].SelectMany(g => g.Targets).Select(t => t.Get("__address__")));
        Assert.Equal("s:1", Assert.Single(Assert.Single(update["two"]).Targets).Get("__address__"));
        Assert.Empty(update["empty"]);
    }

    [Fact]
    public async Task Updates_ConsumerNotReading_LaterTickCarriesFreshestSet()
    {
        var manual = new ManualDiscoverer();
        await using var manager = Manager();
        await manager.ApplyConfigAsync(new Dictionary<string, IReadOnlyList<IDiscoverer>> { ["job"] = [manual] });
        await manual.Started.Task;
        manual.Publish("a:1");
        await WaitUntilAsync(() => manager.Updates.Count == 1);

        manual.Publish("b:1");
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.True(manager.Updates.TryRead(out var stale));
        Assert.Equal("a:1", stale["job"][0].Targets[0].Get("__address__"));
        var fresh = await NextAsync(manager);
        Assert.Equal("b:1", fresh["job"][0].Targets[0].Get("__address__"));
    }

    [Fact]
    public async Task ApplyConfigAsync_NewConfig_StopsOldProvidersAndDropsRemovedJobs()
    {
        var old = new ManualDiscoverer();
        await using var manager = Manager();
        await manager.ApplyConfigAsync(new Dictionary<string, IReadOnlyList<IDiscoverer>> { ["old"] = [old] });
        await old.Started.Task;

        await manager.ApplyConfigAsync(new Dictionary<string, IReadOnlyList<IDiscoverer>>
        {
            ["new"] = [new StaticDiscoverer([new StaticConfig { Targets = ["n:1"] }])],
        });
        old.Publish("late:1");

        Assert.True(old.Stopped);
        var update = await NextAsync(manager);
        Assert.Equal(["new"], update.Keys);
    }

    private DiscoveryManager Manager() => new("test", DiscoveryMetrics.Unregistered(), NullLogger.Instance, _time);

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<TargetGroup>>> NextAsync(DiscoveryManager manager)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            if (manager.Updates.TryRead(out var update))
            {
                return update;
            }

            await Task.Delay(10, cts.Token);
        }
    }

    private async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(10, cts.Token);
        }
    }

    /// <summary>A provider the test drives by hand.</summary>
    private sealed class ManualDiscoverer : IDiscoverer
    {
        private Action<IReadOnlyList<TargetGroup>>? _publish;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Stopped { get; private set; }

        public void Publish(string address) =>
            _publish!([TargetGroup.FromAddresses("0", [address], Vigil.Common.Model.Labels.Empty)]);

        public async Task RunAsync(Action<IReadOnlyList<TargetGroup>> publish, CancellationToken cancellationToken)
        {
            _publish = publish;
            Started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                Stopped = true;
            }
        }
    }
}
