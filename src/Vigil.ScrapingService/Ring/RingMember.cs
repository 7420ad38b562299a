using System.Text.Json.Serialization;

namespace Vigil.ScrapingService.Ring;

/// <summary>
/// One agent in the ring: its id, the address peers reach it at, its state, its tokens, and the time of its last
/// heartbeat. Each member stores itself under its own key, so heartbeats never contend with each other.
/// </summary>
public sealed record RingMember(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("addr")] string Address,
    [property: JsonPropertyName("state")] MemberState State,
    [property: JsonPropertyName("tokens")] uint[] Tokens,
    [property: JsonPropertyName("heartbeat_unix_ms")] long HeartbeatUnixMs,
    [property: JsonPropertyName("registered_unix_ms")] long RegisteredUnixMs)
{
    /// <summary>Active and heard from within <paramref name="heartbeatTimeout"/>: only such members own configs.</summary>
    public bool IsHealthy(DateTimeOffset now, TimeSpan heartbeatTimeout) =>
        State == MemberState.Active && now.ToUnixTimeMilliseconds() - HeartbeatUnixMs <= (long)heartbeatTimeout.TotalMilliseconds;
}
