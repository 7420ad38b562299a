namespace Vigil.ScrapingService.Ring;

/// <summary>
/// The ring at one moment: every member and their tokens, sorted. A key belongs to the member holding the first token
/// strictly greater than the key's hash (wrapping around), skipping members that are not ACTIVE or whose heartbeat is
/// older than the timeout — so a crashed agent's configs move to a live one without anyone "forgetting" it.
/// </summary>
public sealed class RingSnapshot
{
    private readonly (uint Token, RingMember Member)[] _tokens;

    public RingSnapshot(IReadOnlyList<RingMember> members)
    {
        Members = members;
        _tokens = [.. members.SelectMany(m => m.Tokens.Select(t => (t, m))).OrderBy(t => t.Item1)];
    }

    public IReadOnlyList<RingMember> Members { get; }

    /// <summary>The member that owns <paramref name="key"/>, or null when no member is healthy.</summary>
    public RingMember? Owner(string key, DateTimeOffset now, TimeSpan heartbeatTimeout) =>
        OwnerOfHash(Fnv1.Hash32(key), now, heartbeatTimeout);

    public RingMember? OwnerOfHash(uint hash, DateTimeOffset now, TimeSpan heartbeatTimeout)
    {
        if (_tokens.Length == 0)
        {
            return null;
        }

        return OwnerFrom(FirstGreater(hash), now, heartbeatTimeout);
    }

    /// <summary>
    /// Each member's share of the 2^32 hash space, from 0 to 1: by its tokens alone (<c>Tokens</c>, dskit's "ownership"),
    /// and after skipping unhealthy members (<c>Effective</c>, what it owns right now). Token t owns the hashes from the
    /// previous token up to t − 1, since a key goes to the first token strictly greater than its hash.
    /// </summary>
    public IReadOnlyDictionary<string, (double Tokens, double Effective)> Ownership(DateTimeOffset now, TimeSpan heartbeatTimeout)
    {
        const double Space = 4294967296d;
        var shares = Members.ToDictionary(m => m.Id, _ => (Tokens: 0d, Effective: 0d), StringComparer.Ordinal);
        for (var i = 0; i < _tokens.Length; i++)
        {
            var (token, member) = _tokens[i];
            var previous = _tokens[(i + _tokens.Length - 1) % _tokens.Length].Token;
            // Unsigned wrap-around gives the range size, including the range that crosses zero; one token owns it all.
            var size = _tokens.Length == 1 ? Space : (double)unchecked(token - previous);
            var share = size / Space;
            shares[member.Id] = (shares[member.Id].Tokens + share, shares[member.Id].Effective);
            if (OwnerFrom(i, now, heartbeatTimeout) is { } effective)
            {
                shares[effective.Id] = (shares[effective.Id].Tokens, shares[effective.Id].Effective + share);
            }
        }

        return shares;
    }

    private RingMember? OwnerFrom(int start, DateTimeOffset now, TimeSpan heartbeatTimeout)
    {
        for (var i = 0; i < _tokens.Length; i++)
        {
            var member = _tokens[(start + i) % _tokens.Length].Member;
            if (member.IsHealthy(now, heartbeatTimeout))
            {
                return member;
            }
        }

        return null;
    }

    /// <summary>Index of the first token strictly greater than <paramref name="hash"/>; 0 (wrap) when none is.</summary>
    private int FirstGreater(uint hash)
    {
        int lo = 0, hi = _tokens.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_tokens[mid].Token <= hash)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo == _tokens.Length ? 0 : lo;
    }
}
