using Prometheus;
using Vigil.Server.Hosting;

namespace Vigil.Server.Api;

/// <summary>
/// <c>/metrics</c>: the agent's own metrics. OpenMetrics when the scraper asks for it in <c>Accept</c> (as Prometheus
/// does), the Prometheus text format 0.0.4 otherwise.
/// </summary>
internal static class SelfMetricsHandler
{
    private const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private const string TextContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static async Task Handle(HttpContext context, AgentMetrics metrics)
    {
        var accept = context.Request.Headers.Accept.ToString();
        var openMetrics = accept.Contains("application/openmetrics-text", StringComparison.OrdinalIgnoreCase);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = openMetrics ? OpenMetricsContentType : TextContentType;
        await metrics.Registry.CollectAndExportAsTextAsync(
            context.Response.Body,
            openMetrics ? ExpositionFormat.OpenMetricsText : ExpositionFormat.PrometheusText,
            context.RequestAborted).ConfigureAwait(false);
    }
}
