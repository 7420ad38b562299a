namespace Vigil.TestKit.Peers;

/// <summary>
/// One scrape <see cref="ScrapeTargets"/> served: the target's name, when it arrived, the scraper's source port and
/// the pid of the process that sent it (null when none of the watched processes owned the connection).
/// </summary>
public sealed record ScrapeHit(string Target, DateTimeOffset At, int SourcePort, int? Pid);
