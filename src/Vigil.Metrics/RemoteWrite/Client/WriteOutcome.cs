namespace Vigil.Metrics.RemoteWrite.Client;

/// <summary>The result of one POST: its kind, the HTTP status (0 for network errors), the server's Retry-After and a message.</summary>
internal readonly record struct WriteOutcome(WriteOutcomeKind Kind, int StatusCode, TimeSpan? RetryAfter, string? Error)
{
    public static WriteOutcome Ok(int status) => new(WriteOutcomeKind.Success, status, null, null);
}
