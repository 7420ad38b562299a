namespace Vigil.TestKit.Peers;

/// <summary>
/// What <see cref="ScriptedReceiver"/> answers one request: a status, after an optional delay, with an optional body and
/// <c>Retry-After</c> header.
/// </summary>
public sealed record ScriptedReply(int Status, TimeSpan Delay = default, string Body = "", string? RetryAfter = null)
{
    public static ScriptedReply NoContent { get; } = new(204);
}
