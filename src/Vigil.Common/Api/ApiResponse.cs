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
        // Like Go's encoding/json: HTML-sensitive characters are escaped, other text is kept as is.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public const string ContentType = "application/json";

    public static string Success(object? data) =>
        data is null
            ? "{\"status\":\"success\"}"
            : "{\"status\":\"success\",\"data\":" + JsonSerializer.Serialize(data, data.GetType(), Options) + "}";

    public static string Error(string message) =>
        "{\"status\":\"error\",\"data\":{\"error\":" + JsonSerializer.Serialize(message, Options) + "}}";
}
