using System.Text.Json;
using Vigil.ScrapingService.Cluster;
using Vigil.Server.Hosting;

namespace Vigil.Server.Api;

/// <summary>
/// <c>GET /debug/ring</c>: the scraping-service ring as this agent sees it, in JSON (<see cref="RingStatus"/>); add
/// <c>?tokens=true</c> for every member's tokens. Like Grafana Agent, a plain 404 when scraping service is off.
/// </summary>
internal static class RingStatusHandler
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static IResult Handle(HttpContext context, ScrapingServiceSubsystem scrapingService, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(scrapingService);
        if (scrapingService.Cluster.Node is not { } node)
        {
            return PlainText.Write(StatusCodes.Status404NotFound, "404 page not found\n");
        }

        var withTokens = string.Equals(context.Request.Query["tokens"], "true", StringComparison.OrdinalIgnoreCase);
        var status = RingStatus.Build(node, time.GetUtcNow(), withTokens);
        return Results.Text(JsonSerializer.Serialize(status, Options), "application/json", System.Text.Encoding.UTF8, StatusCodes.Status200OK);
    }
}
