using System.Reflection;

namespace Vigil.Metrics.RemoteWrite.Client;

/// <summary>The headers Remote-Write 1.0 requires of a sender (ecosystem-notes §3a) and the names users may not set.</summary>
internal static class WriteHeaders
{
    public const string ContentEncoding = "snappy";
    public const string ContentType = "application/x-protobuf";
    public const string VersionHeader = "X-Prometheus-Remote-Write-Version";
    public const string Version = "0.1.0";
    public const string RetryAttempt = "Retry-Attempt";

    /// <summary>Names a user <c>headers</c> entry can never set; the config validation rejects them too, this is the runtime guard.</summary>
    public static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Encoding", "Content-Length", "Content-Type", "User-Agent", "Connection", "Keep-Alive",
        "Proxy-Authenticate", "Proxy-Authorization", "WWW-Authenticate", "Accept-Encoding", "Authorization",
        VersionHeader, "X-Prometheus-Remote-Read-Version", RetryAttempt,
        "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-Sha256",
    };

    /// <summary><c>Vigil/&lt;version&gt;</c>, from the assembly's informational version without the commit suffix.</summary>
    public static string UserAgent { get; } = "Vigil/" + ProductVersion();

    private static string ProductVersion()
    {
        var version = typeof(WriteHeaders).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
