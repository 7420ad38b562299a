namespace Vigil.Server.Logging;

internal sealed class AgentLogger(AgentLoggerProvider provider, string category) : ILogger
{
    private readonly bool _framework =
        category.StartsWith("Microsoft.", StringComparison.Ordinal) || category.StartsWith("System.", StringComparison.Ordinal) ||
        category.StartsWith("Grpc.", StringComparison.Ordinal);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel)
    {
        if (logLevel == LogLevel.None)
        {
            return false;
        }

        var minimum = provider.Settings.Minimum;
        if (_framework && minimum < LogLevel.Warning)
        {
            minimum = LogLevel.Warning;
        }

        return logLevel >= minimum;
    }

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        provider.Write(logLevel, category, formatter(state, exception), exception);
    }
}
