using Microsoft.Extensions.Logging;
using Vigil.Server.Logging;

namespace Vigil.Server.Tests.Logging;

public sealed class LogLineFormatterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Format_Logfmt_QuotesOnlyWhenNeeded()
    {
        var line = LogLineFormatter.Format("logfmt", Now, LogLevel.Information, "Vigil.Server.Reload.ReloadCoordinator", "config applied", null);
        Assert.Equal("ts=2026-11-26T14:00:00.0000000Z level=info component=ReloadCoordinator msg=\"config applied\"", line);
    }

    [Fact]
    public void Format_Logfmt_EscapesQuotesAndNewlines()
    {
        var line = LogLineFormatter.Format("logfmt", Now, LogLevel.Error, "Vigil.X", "bad \"thing\"\nhere", new InvalidOperationException("boom"));
        Assert.Contains("level=error", line, StringComparison.Ordinal);
        Assert.Contains("msg=\"bad \\\"thing\\\"\\nhere\"", line, StringComparison.Ordinal);
        Assert.Contains("err=\"InvalidOperationException: boom\"", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_Json_IsOneObject()
    {
        var line = LogLineFormatter.Format("json", Now, LogLevel.Warning, "Vigil.X", "careful", null);
        using var doc = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal("warn", doc.RootElement.GetProperty("level").GetString());
        Assert.Equal("careful", doc.RootElement.GetProperty("msg").GetString());
    }
}
