using System.Collections.Concurrent;

namespace Vigil.Server.Logging;

/// <summary>
/// Writes log lines to stderr as Grafana Agent does: logfmt (<c>ts=... level=... msg=...</c>) by default, JSON objects
/// with <c>server.log_format: json</c>. Framework categories are held at warn and above so that the agent's own lines
/// are what an operator reads.
/// </summary>
internal sealed class AgentLoggerProvider(LogSettings settings, TextWriter? output = null, TimeProvider? time = null) : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, AgentLogger> _loggers = new(StringComparer.Ordinal);
    private readonly TextWriter _output = output ?? Console.Error;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _writeLock = new();

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, name => new AgentLogger(this, name));

    public void Dispose() => _loggers.Clear();

    internal LogSettings Settings => settings;

    internal void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var line = LogLineFormatter.Format(settings.Format, _time.GetUtcNow(), level, category, message, exception);
        lock (_writeLock)
        {
            _output.WriteLine(line);
            _output.Flush();
        }
    }
}
