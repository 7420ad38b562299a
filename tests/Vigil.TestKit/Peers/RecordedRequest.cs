namespace Vigil.TestKit.Peers;

/// <summary>
/// One request <see cref="ScriptedReceiver"/> received: its 0-based index in arrival order, method, path, headers
/// (repeated values joined by ", "), the raw body, the status it was answered and when it arrived.
/// </summary>
public sealed record RecordedRequest(
    int Index,
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    int Status,
    DateTimeOffset ArrivedAt)
{
    public bool Accepted => Status is >= 200 and < 300;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
