using Vigil.Server.Hosting;

namespace Vigil.Server.Tests.Hosting;

public sealed class HeapCompactionPolicyTests
{
    private const long MB = 1 << 20;

    [Fact]
    public void Due_SmallHeap_NeverCompacts()
    {
        var policy = new HeapCompactionPolicy(16 * MB);
        Assert.False(policy.Due(usedBytes: 8 * MB, committedBytes: 20 * MB));
    }

    [Fact]
    public void Due_AfterABurst_CompactsOnceThenWaitsForGrowthByHalf()
    {
        var policy = new HeapCompactionPolicy(16 * MB);
        Assert.True(policy.Due(usedBytes: 150 * MB, committedBytes: 170 * MB));
        policy.Compacted(usedBytes: 60 * MB, committedBytes: 68 * MB);

        // Steady: the same heap, young-generation slack included, is left alone.
        Assert.False(policy.Due(usedBytes: 64 * MB, committedBytes: 76 * MB));

        // Grown by less than half: still nothing; by more than half: due.
        Assert.False(policy.Due(usedBytes: 85 * MB, committedBytes: 95 * MB));
        Assert.True(policy.Due(usedBytes: 95 * MB, committedBytes: 105 * MB));
    }

    [Fact]
    public void Due_HolesBeyondAQuarterOfTheHeap_Compacts()
    {
        var policy = new HeapCompactionPolicy(16 * MB);
        policy.Compacted(usedBytes: 100 * MB, committedBytes: 108 * MB);

        Assert.False(policy.Due(usedBytes: 100 * MB, committedBytes: 130 * MB));
        Assert.True(policy.Due(usedBytes: 100 * MB, committedBytes: 140 * MB));
    }

    [Fact]
    public void Due_SlackAnEarlierCompactionCouldNotRelease_NotCountedAgain()
    {
        var policy = new HeapCompactionPolicy(16 * MB);

        // A compaction that left 40 MB committed beyond the heap: that much is the floor, not a reason to collect again.
        policy.Compacted(usedBytes: 100 * MB, committedBytes: 140 * MB);
        Assert.False(policy.Due(usedBytes: 100 * MB, committedBytes: 145 * MB));
    }
}
