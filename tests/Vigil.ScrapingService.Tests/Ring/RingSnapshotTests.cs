using Vigil.ScrapingService.Ring;

namespace Vigil.ScrapingService.Tests.Ring;

public sealed class RingSnapshotTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0x050c5d7eu)]
    [InlineData("foobar", 0x31f0b262u)]
    public void Fnv1_MatchesReferenceVectors(string input, uint expected) => Assert.Equal(expected, Fnv1.Hash32(input));

    [Theory]
    [InlineData(0u, "a")]
    [InlineData(99u, "a")]
    [InlineData(100u, "b")]
    [InlineData(150u, "b")]
    [InlineData(200u, "c")]
    [InlineData(299u, "c")]
    [InlineData(300u, "a")]
    [InlineData(uint.MaxValue, "a")]
    public void OwnerOfHash_FirstTokenStrictlyGreater_Wraps(uint hash, string owner)
    {
        var ring = new RingSnapshot([Member("a", [100]), Member("b", [200]), Member("c", [300])]);
        Assert.Equal(owner, ring.OwnerOfHash(hash, Now, Timeout)?.Id);
    }

    [Fact]
    public void OwnerOfHash_SkipsStaleAndNotActive()
    {
        var ring = new RingSnapshot(
        [
            Member("stale", [100], heartbeatAge: TimeSpan.FromMinutes(5)),
            Member("leaving", [200], state: MemberState.Leaving),
            Member("joining", [300], state: MemberState.Joining),
            Member("live", [400]),
        ]);
        Assert.Equal("live", ring.OwnerOfHash(50, Now, Timeout)?.Id);
        Assert.Equal("live", ring.OwnerOfHash(450, Now, Timeout)?.Id);
    }

    [Fact]
    public void OwnerOfHash_NoHealthyMember_Null()
    {
        var ring = new RingSnapshot([Member("stale", [100], heartbeatAge: TimeSpan.FromHours(1))]);
        Assert.Null(ring.OwnerOfHash(1, Now, Timeout));
        Assert.Null(new RingSnapshot([]).Owner("x", Now, Timeout));
    }

    [Fact]
    public void Owner_SpreadsConfigsOverMembers()
    {
        // Fixed tokens keep the test deterministic; random ones can, rarely, leave one member a small share.
        var random = new Random(7);
        var members = Enumerable.Range(0, 3)
            .Select(i => Member($"agent-{i}", [.. Enumerable.Range(0, 128).Select(_ => (uint)random.NextInt64(0, uint.MaxValue))]))
            .ToList();
        var ring = new RingSnapshot(members);
        var counts = Enumerable.Range(0, 300)
            .GroupBy(i => ring.Owner($"config-{i}", Now, Timeout)!.Id)
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, counts.Count);
        // FNV-1 ends with an xor of the last byte, so names that differ only at the end hash close together and the
        // share is uneven (Grafana Agent's own behaviour); every member still owns some.
        Assert.All(counts.Values, c => Assert.True(c >= 5, $"a member owns only {c} of 300 configs"));
        Assert.Equal(300, counts.Values.Sum());
    }

    [Fact]
    public void Ownership_TokenRanges_AndEffectiveAfterSkippingUnhealthy()
    {
        const double Space = 4294967296d;
        var ring = new RingSnapshot(
        [
            Member("a", [100]),
            Member("b", [200], heartbeatAge: TimeSpan.FromMinutes(5)),
            Member("c", [300]),
        ]);
        var shares = ring.Ownership(Now, Timeout);

        // Token 100 owns the wrapping range [300, 2^32) ∪ [0, 100); 200 and 300 own 100 hashes each.
        Assert.Equal((Space - 200) / Space, shares["a"].Tokens, 12);
        Assert.Equal(100 / Space, shares["b"].Tokens, 12);
        Assert.Equal(100 / Space, shares["c"].Tokens, 12);

        // The stale member's range goes to the next healthy token's member, as OwnerOfHash decides.
        Assert.Equal(0, shares["b"].Effective);
        Assert.Equal(200 / Space, shares["c"].Effective, 12);
        Assert.Equal(1, shares.Values.Sum(s => s.Effective), 12);
        Assert.Equal("c", ring.OwnerOfHash(150, Now, Timeout)?.Id);
    }

    [Fact]
    public void Ownership_SingleToken_OwnsEverything()
    {
        var shares = new RingSnapshot([Member("only", [42])]).Ownership(Now, Timeout);
        Assert.Equal((1d, 1d), shares["only"]);
    }

    [Fact]
    public void TokenGenerator_AvoidsTakenAndIsDistinct()
    {
        var taken = TokenGenerator.Generate(1000, new HashSet<uint>()).ToHashSet();
        var tokens = TokenGenerator.Generate(500, taken);
        Assert.Equal(500, tokens.Distinct().Count());
        Assert.DoesNotContain(tokens, taken.Contains);
    }

    private static RingMember Member(string id, uint[] tokens, MemberState state = MemberState.Active, TimeSpan heartbeatAge = default) =>
        new(id, id + ":12346", state, tokens, (Now - heartbeatAge).ToUnixTimeMilliseconds(), Now.ToUnixTimeMilliseconds());
}
