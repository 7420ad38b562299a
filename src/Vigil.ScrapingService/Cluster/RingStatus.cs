using System.Globalization;
using System.Text.Json.Serialization;
using Vigil.ScrapingService.Ring;

namespace Vigil.ScrapingService.Cluster;

/// <summary>
/// The body of <c>GET /debug/ring</c>: dskit's ring page in JSON (<c>shards</c>, <c>now</c>), with each member's health
/// and both its token share and the share it owns right now, in percent.
/// </summary>
public sealed record RingStatus(
    [property: JsonPropertyName("self")] string Self,
    [property: JsonPropertyName("now")] string Now,
    [property: JsonPropertyName("heartbeat_timeout")] string HeartbeatTimeout,
    [property: JsonPropertyName("shards")] IReadOnlyList<RingMemberStatus> Shards)
{
    public static RingStatus Build(ClusterNode node, DateTimeOffset now, bool withTokens)
    {
        ArgumentNullException.ThrowIfNull(node);
        var snapshot = node.Ring.Current;
        var timeout = node.Ring.HeartbeatTimeout;
        var ownership = snapshot.Ownership(now, timeout);
        var shards = snapshot.Members
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .Select(m => new RingMemberStatus(
                m.Id,
                m.Address,
                StateName(m.State),
                Rfc3339(DateTimeOffset.FromUnixTimeMilliseconds(m.HeartbeatUnixMs)),
                Rfc3339(DateTimeOffset.FromUnixTimeMilliseconds(m.RegisteredUnixMs)),
                m.IsHealthy(now, timeout),
                m.Tokens.Length,
                Math.Round(ownership[m.Id].Tokens * 100, 3),
                Math.Round(ownership[m.Id].Effective * 100, 3),
                withTokens ? m.Tokens : null))
            .ToList();
        return new RingStatus(node.Settings.Id, Rfc3339(now), Common.Time.GoDuration.FormatGo(timeout), shards);
    }

    /// <summary>dskit's state names.</summary>
    public static string StateName(MemberState state) => state switch
    {
        MemberState.Pending => "PENDING",
        MemberState.Joining => "JOINING",
        MemberState.Active => "ACTIVE",
        MemberState.Leaving => "LEAVING",
        _ => state.ToString().ToUpperInvariant(),
    };

    private static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
