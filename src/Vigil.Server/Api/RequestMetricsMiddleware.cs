using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vigil.Server.Hosting;

namespace Vigil.Server.Api;

/// <summary>
/// Records <c>agent_request_duration_seconds{method,route,status_code,ws}</c> and <c>agent_inflight_requests</c> for every
/// request, with dskit's route naming: the matched route template with runs of non-alphanumerics turned into <c>_</c>,
/// trimmed and lower-cased (<c>/-/ready</c> → <c>ready</c>); unmatched paths are <c>notfound</c>.
/// </summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, AgentMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var route = RouteName(context);
        var method = context.Request.Method;
        var inflight = metrics.InflightRequests.WithLabels(method, route);
        inflight.Inc();
        var start = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            inflight.Dec();
            var ws = context.WebSockets.IsWebSocketRequest ? "true" : "false";
            metrics.RequestDuration
                .WithLabels(method, route, context.Response.StatusCode.ToString(CultureInfo.InvariantCulture), ws)
                .Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }

    private static string RouteName(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var template = (endpoint as RouteEndpoint)?.RoutePattern.RawText;
        return template is null ? "notfound" : MakeLabelValue(template);
    }

    internal static string MakeLabelValue(string path)
    {
        var sb = new StringBuilder(path.Length);
        var lastUnderscore = false;
        foreach (var c in path)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
                lastUnderscore = false;
            }
            else if (!lastUnderscore)
            {
                sb.Append('_');
                lastUnderscore = true;
            }
        }

        var result = sb.ToString().Trim('_');
        return result.Length == 0 ? "root" : result;
    }
}
