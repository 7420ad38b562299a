using Vigil.TestKit.Peers;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// Reads the request streams a cluster's scrape targets saw: who scraped each target, the longest time a target went
/// unscraped, and the longest time two agents scraped it at once. A scraper counts as active on a target from each of
/// its hits until <see cref="Hold"/> later (a little over one scrape interval), on a 50 ms grid.
/// </summary>
internal static class ClusterHitAnalysis
{
    public static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(1300);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    /// <summary>The distinct scrapers (by pid; null when unattributed) of every target in <paramref name="hits"/>.</summary>
    public static Dictionary<string, HashSet<int?>> Scrapers(IEnumerable<ScrapeHit> hits)
    {
        var map = new Dictionary<string, HashSet<int?>>(StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            if (!map.TryGetValue(hit.Target, out var set))
            {
                map[hit.Target] = set = [];
            }

            set.Add(hit.Pid);
        }

        return map;
    }

    /// <summary>The longest time between consecutive hits of <paramref name="target"/> in [from, to] (edges included).</summary>
    public static TimeSpan LongestGap(IReadOnlyList<ScrapeHit> hits, string target, DateTimeOffset from, DateTimeOffset to)
    {
        var times = hits.Where(h => h.Target == target && h.At >= from && h.At <= to).Select(h => h.At).Order().ToList();
        var previous = from;
        var longest = TimeSpan.Zero;
        foreach (var t in times.Append(to))
        {
            if (t - previous > longest)
            {
                longest = t - previous;
            }

            previous = t;
        }

        return longest;
    }

    /// <summary>The longest stretch during which two or more attributed scrapers were active on <paramref name="target"/>.</summary>
    public static TimeSpan LongestOverlap(IReadOnlyList<ScrapeHit> hits, string target, DateTimeOffset from, DateTimeOffset to)
    {
        var byPid = hits.Where(h => h.Target == target && h.Pid is not null && h.At >= from && h.At <= to)
            .GroupBy(h => h.Pid!.Value)
            .Select(g => g.Select(h => h.At).Order().ToList())
            .ToList();
        if (byPid.Count < 2)
        {
            return TimeSpan.Zero;
        }

        var longest = TimeSpan.Zero;
        var run = TimeSpan.Zero;
        for (var t = from; t <= to; t += Step)
        {
            var active = byPid.Count(times => times.Any(h => h <= t && t - h < Hold));
            run = active >= 2 ? run + Step : TimeSpan.Zero;
            if (run > longest)
            {
                longest = run;
            }
        }

        return longest;
    }
}
