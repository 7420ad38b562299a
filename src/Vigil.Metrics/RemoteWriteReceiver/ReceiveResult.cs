namespace Vigil.Metrics.RemoteWriteReceiver;

/// <summary>The outcome of one remote-write request: an HTTP status and, for errors, the text body.</summary>
internal readonly record struct ReceiveResult(int StatusCode, string? Error)
{
    public static ReceiveResult Ok { get; } = new(204, null);

    public static ReceiveResult BadRequest(string error) => new(400, error);
}
