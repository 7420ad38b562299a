using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Common.Api;

/// <summary>
/// The <c>{"status","data"}</c> envelope of the agent API (Grafana Agent <c>configapi/types.go</c>):
/// success is <c>{"status":"success","data":...}</c> with <c>data</c> omitted when there is no payload;
/// an error is <c>{"status":"error","data":{"error":"..."}}</c>. No indentation, no trailing newline.
/// </summary>
public static class ApiResponse
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Go's encoding/json escapes only quotes, backslashes, control characters, <, >, &, U+2028 and U+2029; the
        // relaxed encoder does the first three, GoEscapes the rest.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public const string ContentType = "application/json";

    public static string Success(object? data) =>
        data is null
            ? "{\"status\":\"success\"}"
            : "{\"status\":\"success\",\"data\":" + GoEscapes(JsonSerializer.Serialize(data, data.GetType(), Options)) + "}";

    public static string Error(string message) =>
        "{\"status\":\"error\",\"data\":{\"error\":" + GoEscapes(JsonSerializer.Serialize(message, Options)) + "}}";

    /// <summary>These characters can only occur inside JSON strings, so replacing them in the whole text is safe.</summary>
    private static string GoEscapes(string json) =>
        json.Replace("<", "\\u003c", StringComparison.Ordinal)
            .Replace(">", "\\u003e", StringComparison.Ordinal)
            .Replace("&", "\\u0026", StringComparison.Ordinal)
            .Replace("\u2028", "\\u2028", StringComparison.Ordinal)
            .Replace("\u2029", "\\u2029", StringComparison.Ordinal);
}
