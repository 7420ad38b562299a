namespace Vigil.Server.Flags;

/// <summary>
/// The command-line flags of <c>vigil</c>, named as Grafana Agent static mode names them (static-mode.md §7.2).
/// Flags that Grafana Agent has and Vigil does not act on are accepted (so existing unit files keep working) and listed
/// as without effect in the usage text and in docs/compatibility.md.
/// </summary>
internal sealed class AgentFlags
{
    public const string ConfigFile = "config.file";
    public const string ConfigFileType = "config.file.type";
    public const string ConfigExpandEnv = "config.expand-env";
    public const string ConfigEnableReadApi = "config.enable-read-api";
    public const string HttpAddress = "server.http.address";
    public const string GrpcAddress = "server.grpc.address";
    public const string GracefulShutdownTimeout = "server.graceful-shutdown-timeout";
    public const string HttpReadTimeout = "server.http.read-timeout";
    public const string HttpWriteTimeout = "server.http.write-timeout";
    public const string HttpIdleTimeout = "server.http.idle-timeout";
    public const string RegisterInstrumentation = "server.register-instrumentation";
    public const string WalDirectory = "metrics.wal-directory";
    public const string WalCleanupAge = "metrics.wal-cleanup-age";
    public const string WalCleanupPeriod = "metrics.wal-cleanup-period";
    public const string InstanceRestartBackoff = "metrics.instance-restart-backoff";
    public const string ReceiveMaxBodyBytes = "metrics.remote-write-receiver.max-body-bytes";
    public const string EnableFeatures = "enable-features";
    public const string Version = "version";

    public const string DefaultHttpAddress = "127.0.0.1:12345";
    public const string DefaultGrpcAddress = "127.0.0.1:12346";

    private static readonly FlagDefinition[] Definitions =
    [
        new(ConfigFile, FlagKind.String, "", "configuration file to load"),
        new(ConfigFileType, FlagKind.String, "yaml", "type of file pointed to by -config.file (only yaml)"),
        new(ConfigExpandEnv, FlagKind.Bool, "false", "expands ${var} in config according to the values of the environment variables"),
        new(ConfigEnableReadApi, FlagKind.Bool, "false", "enables the /-/config and /agent/api/v1/configs/{name} APIs; secrets are shown as <secret>"),
        new(HttpAddress, FlagKind.String, DefaultHttpAddress, "HTTP server listen address (port 0 picks a free port, which is logged)"),
        new(GrpcAddress, FlagKind.String, DefaultGrpcAddress, "gRPC server listen address (port 0 picks a free port, which is logged)"),
        new(GracefulShutdownTimeout, FlagKind.Duration, "30s", "timeout for graceful shutdowns"),
        new(HttpReadTimeout, FlagKind.Duration, "30s", "read timeout for HTTP requests (request headers)"),
        new(HttpWriteTimeout, FlagKind.Duration, "30s", "write timeout for HTTP responses (accepted; Kestrel bounds slow clients by data rate)") { Ignored = false },
        new(HttpIdleTimeout, FlagKind.Duration, "2m0s", "idle timeout for HTTP keep-alive connections"),
        new(RegisterInstrumentation, FlagKind.Bool, "true", "expose /metrics"),
        new(WalDirectory, FlagKind.String, "data-agent/", "base directory to store the WAL in"),
        new(WalCleanupAge, FlagKind.Duration, "12h0m0s", "remove abandoned (unused) WALs older than this"),
        new(WalCleanupPeriod, FlagKind.Duration, "30m0s", "how often to check for abandoned WALs (0 disables)"),
        new(InstanceRestartBackoff, FlagKind.Duration, "5s", "how long to wait before restarting a failed metrics instance"),
        new(ReceiveMaxBodyBytes, FlagKind.Int, "33554432", "largest request body /agent/api/v1/metrics/instance/{instance}/write accepts; larger ones get 413"),
        new(EnableFeatures, FlagKind.String, "", "comma-separated list of experimental features to enable"),
        new(Version, FlagKind.Bool, "false", "print the version and exit"),

        // Grafana Agent flags accepted for compatibility; they change nothing in Vigil.
        new("disable-reporting", FlagKind.Bool, "false", "Vigil never reports usage") { Ignored = true },
        new("disable-support-bundle", FlagKind.Bool, "false", "no support bundle endpoint") { Ignored = true },
        new("server.http.network", FlagKind.String, "tcp", "only tcp") { Ignored = true },
        new("server.grpc.network", FlagKind.String, "tcp", "only tcp") { Ignored = true },
        new("server.http.in-memory-addr", FlagKind.String, "agent.internal:12345", "in-memory listener") { Ignored = true },
        new("server.grpc.in-memory-addr", FlagKind.String, "agent.internal:12346", "in-memory listener") { Ignored = true },
        new("server.http.conn-limit", FlagKind.Int, "0", "connection limit") { Ignored = true },
        new("server.grpc.conn-limit", FlagKind.Int, "0", "connection limit") { Ignored = true },
    ];

    private AgentFlags(FlagSet set, IReadOnlyList<string> args)
    {
        Set = set;
        Args = args;
    }

    public FlagSet Set { get; }

    /// <summary>The command line as given, kept so that a reload re-reads the same flags and file.</summary>
    public IReadOnlyList<string> Args { get; }

    public string ConfigFilePath => Set.GetString(ConfigFile);

    public bool ExpandEnv => Set.GetBool(ConfigExpandEnv);

    public bool EnableReadApi => Set.GetBool(ConfigEnableReadApi);

    public string HttpListenAddress => Set.GetString(HttpAddress);

    public string GrpcListenAddress => Set.GetString(GrpcAddress);

    public TimeSpan ShutdownTimeout => Set.GetDuration(GracefulShutdownTimeout);

    public bool ShowVersion => Set.GetBool(Version);

    public long ReceiveMaxBody => Set.GetInt(ReceiveMaxBodyBytes);

    public bool RegisterInstrumentationEnabled => Set.GetBool(RegisterInstrumentation);

    /// <summary>Features named by <c>-enable-features</c>, lower-cased (Grafana Agent compares case-insensitively).</summary>
    public IReadOnlySet<string> Features =>
        Set.GetString(EnableFeatures)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => f.ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);

    public static FlagSet NewFlagSet() => new(Definitions);

    /// <summary>Parses the command line; throws <see cref="FlagParseException"/> or <see cref="HelpRequestedException"/>.</summary>
    public static AgentFlags Parse(IReadOnlyList<string> args)
    {
        var set = NewFlagSet();
        set.Parse(args);
        return new AgentFlags(set, args);
    }
}
