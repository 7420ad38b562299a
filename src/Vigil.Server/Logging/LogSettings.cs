namespace Vigil.Server.Logging;

/// <summary>
/// The log level and format in force. <c>server.log_level</c> and <c>server.log_format</c> change on reload, so the
/// logger reads these on every write instead of fixing them at start-up.
/// </summary>
internal sealed class LogSettings
{
    private volatile string _format = "logfmt";
    private volatile int _minimum = (int)LogLevel.Information;

    public LogLevel Minimum => (LogLevel)_minimum;

    public string Format => _format;

    /// <summary>Applies <c>server.log_level</c> (debug, info, warn, error) and <c>server.log_format</c> (logfmt, json).</summary>
    public void Apply(string level, string format)
    {
        _minimum = (int)(level switch
        {
            "debug" => LogLevel.Debug,
            "warn" => LogLevel.Warning,
            "error" => LogLevel.Error,
            _ => LogLevel.Information,
        });
        _format = format == "json" ? "json" : "logfmt";
    }
}
