using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Vigil.Common.Api;
using Vigil.Common.Model;
using Vigil.Metrics.Instance;
using Vigil.Metrics.Scrape;

namespace Vigil.Metrics.Api;

/// <summary>
/// <c>GET /agent/api/v1/metrics/targets</c> (and the deprecated <c>/agent/api/v1/targets</c>): the active targets of
/// every running instance, sorted by instance, scrape job, then the <c>job</c> and <c>instance</c> labels, in Grafana
/// Agent's TargetInfo shape. An instance that is not ready contributes nothing.
/// </summary>
public static class TargetsApi
{
    public const string Route = "/agent/api/v1/metrics/targets";
    public const string LegacyRoute = "/agent/api/v1/targets";

    public static IResult ListTargets(InstanceManager manager)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var infos = new List<TargetInfo>();
        foreach (var instance in manager.RunningInstances())
        {
            if (instance.Scrape is not { IsReady: true } scrape || !instance.IsReady)
            {
                continue;
            }

            foreach (var (job, targets) in scrape.ActiveTargets())
            {
                infos.AddRange(targets.Select(t => Info(instance.Name, job, t)));
            }
        }

        infos.Sort(Compare);
        return Results.Text(ApiResponse.Success(infos), ApiResponse.ContentType, Encoding.UTF8, StatusCodes.Status200OK);
    }

    internal static TargetInfo Info(string instance, string job, TargetStatus target) => new(
        instance,
        job,
        target.ScrapeUrl,
        target.Health switch
        {
            TargetHealth.Up => "up",
            TargetHealth.Down => "down",
            _ => "unknown",
        },
        Map(target.Labels, withoutReserved: true),
        Map(target.DiscoveredLabels, withoutReserved: false),
        FormatTime(target.LastScrape),
        (long)target.LastScrapeDuration.TotalMilliseconds,
        target.LastError);

    /// <summary>Go's RFC 3339 with nanoseconds (trailing zeros trimmed); the zero time when never scraped.</summary>
    internal static string FormatTime(DateTimeOffset? time)
    {
        if (time is not { } t)
        {
            return "0001-01-01T00:00:00Z";
        }

        var utc = t.UtcDateTime;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        if (fraction != 0)
        {
            text += "." + fraction.ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        return text + "Z";
    }

    private static SortedDictionary<string, string> Map(Labels labels, bool withoutReserved)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var l in labels)
        {
            if (!withoutReserved || !l.Name.StartsWith("__", StringComparison.Ordinal))
            {
                map[l.Name] = l.Value;
            }
        }

        return map;
    }

    private static int Compare(TargetInfo a, TargetInfo b)
    {
        var c = string.CompareOrdinal(a.Instance, b.Instance);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.TargetGroup, b.TargetGroup);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(a.Labels.GetValueOrDefault("job"), b.Labels.GetValueOrDefault("job"));
        }

        return c != 0 ? c : string.CompareOrdinal(a.Labels.GetValueOrDefault("instance"), b.Labels.GetValueOrDefault("instance"));
    }
}
