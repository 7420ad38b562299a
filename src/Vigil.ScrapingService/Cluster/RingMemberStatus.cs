using System.Text.Json.Serialization;

namespace Vigil.ScrapingService.Cluster;

/// <summary>One member on <c>/debug/ring</c>. Ownership values are percentages of the hash space.</summary>
public sealed record RingMemberStatus(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("registered_timestamp")] string RegisteredTimestamp,
    [property: JsonPropertyName("healthy")] bool Healthy,
    [property: JsonPropertyName("num_tokens")] int NumTokens,
    [property: JsonPropertyName("ownership")] double Ownership,
    [property: JsonPropertyName("effective_ownership")] double EffectiveOwnership,
    [property: JsonPropertyName("tokens")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    uint[]? Tokens);
