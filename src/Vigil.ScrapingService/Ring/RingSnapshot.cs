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

        var start = FirstGreater(hash);
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
