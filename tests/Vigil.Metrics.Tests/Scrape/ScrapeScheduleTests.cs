using Microsoft.Extensions.Time.Testing;
using Vigil.Common.Yaml;
using Vigil.Metrics.Scrape;
using static Vigil.Metrics.Tests.Scrape.ScrapeSetup;

namespace Vigil.Metrics.Tests.Scrape;

/// <summary>The scrape schedule on a fake clock: an offset first, then exactly one interval between scrapes.</summary>
public sealed class ScrapeScheduleTests
{
    [Fact]
    public async Task Run_FakeClock_ScrapesExactlyOneIntervalApart()
    {
        using var target = new TestTarget("a 1\n");
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var storage = new RecordingStorage();
        await using var manager = new ScrapeManager("test", storage.Appender, Options() with { Time = time, DiscoveryUpdateInterval = TimeSpan.FromSeconds(1) });
        var job = Job("sched", target.Address);
        job.ScrapeInterval = PromDuration.FromSeconds(10);
        job.ScrapeTimeout = PromDuration.FromSeconds(5);
        await manager.ApplyConfigAsync([job], CancellationToken.None);

        for (var step = 0; step < 60 && storage.Series("up").Count < 4; step++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(30);

            // A scrape that reached the target is reported on the real clock before the fake one moves on.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (target.Requests > storage.Series("up").Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }
        }

        // Every scrape is reported (up 1, or up 0 if a cold first request outlived the fake timeout): the schedule is what counts.
        var times = storage.Series("up").Select(u => u.T).ToList();
        Assert.True(times.Count >= 4, $"{times.Count} scrapes");
        Assert.All(times.Zip(times.Skip(1)), p => Assert.Equal(10_000, p.Second - p.First));
    }
}
