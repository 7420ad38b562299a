namespace Vigil.Metrics.RemoteWrite.Client;

/// <summary>How a remote-write attempt ended, which decides between moving on, retrying and dropping the batch.</summary>
internal enum WriteOutcomeKind
{
    Success,

    /// <summary>5xx, 429 with retry_on_http_429, timeouts and network errors: retry with backoff.</summary>
    Recoverable,

    /// <summary>Any other status: the request can never succeed, so the batch is dropped and counted as failed.</summary>
    NonRecoverable,
}
