namespace Vigil.TestKit.Peers;

/// <summary>What <see cref="ScriptedReceiver"/> answers one request: a status, after an optional delay.</summary>
public sealed record ScriptedReply(int Status, TimeSpan Delay = default, string Body = "")
{
    public static ScriptedReply NoContent { get; } = new(204);
}
