using Vigil.Metrics.Api;
using Vigil.ScrapingService.Api;

namespace Vigil.Server.Api;

/// <summary>
/// Every route of Vigil's HTTP API, in one table (static-mode.md §1; docs/api.md maps each to its tests). A path that
/// matches with the wrong method answers 405; an unknown path answers 404 <c>404 page not found</c>.
/// </summary>
internal static class ApiRoutes
{
    private static readonly string[] AnyMethod = [];
    private static readonly string[] GetPost = ["GET", "POST"];
    private static readonly string[] Get = ["GET"];
    private static readonly string[] Post = ["POST"];
    private static readonly string[] PutPost = ["PUT", "POST"];
    private static readonly string[] Delete = ["DELETE"];

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("/-/healthy", AnyMethod, LifecycleHandlers.Healthy, "liveness: always 200 Agent is Healthy."),
        new("/-/ready", AnyMethod, LifecycleHandlers.Ready, "readiness: 200 once metrics are ready, else 503"),
        new("/-/reload", GetPost, LifecycleHandlers.Reload, "reload flags and config file; 400 on any failure"),
        new("/-/config", AnyMethod, LifecycleHandlers.Config, "effective config (secrets scrubbed); 404 unless -config.enable-read-api"),
        new("/metrics", Get, SelfMetricsHandler.Handle, "self-metrics, Prometheus text or OpenMetrics"),
        new(MetricsApi.InstancesRoute, Get, MetricsApi.ListInstances, "metrics: sorted names of the running instance configs"),
        new(MetricsApi.InstancesLegacyRoute, Get, MetricsApi.ListInstances, "metrics: deprecated alias of /agent/api/v1/metrics/instances"),
        new(TargetsApi.Route, Get, TargetsApi.ListTargets, "metrics: active targets of every running instance"),
        new(TargetsApi.LegacyRoute, Get, TargetsApi.ListTargets, "metrics: deprecated alias of /agent/api/v1/metrics/targets"),
        new(MetricsApi.WriteRoute, Post, MetricsApi.Write, "metrics: remote-write receiver into an instance's WAL (204; 400/413/415/500/503 text)"),
        new(ConfigApi.ListRoute, Get, ConfigApi.ListConfigs, "config management: list stored config names"),
        new(ConfigApi.GetRoute, Get, ConfigApi.GetConfig, "config management: one config, secrets scrubbed; 404 unless -config.enable-read-api"),
        new(ConfigApi.PutDeleteRoute, PutPost, ConfigApi.PutConfig, "config management: create (201) or update (200) a config"),
        new(ConfigApi.PutDeleteRoute, Delete, ConfigApi.DeleteConfig, "config management: delete a config"),
        new("/debug/ring", Get, RingStatusHandler.Handle, "scraping-service ring: members, health, token shares (JSON); 404 when scraping service is off"),
    ];

    public static void Map(IEndpointRouteBuilder app, bool registerInstrumentation)
    {
        foreach (var route in All)
        {
            if (route.Pattern == "/metrics" && !registerInstrumentation)
            {
                continue;
            }

            var builder = route.Methods.Length == 0
                ? app.Map(route.Pattern, route.Handler)
                : app.MapMethods(route.Pattern, route.Methods, route.Handler);
            builder.WithDisplayName(route.Pattern);
        }
    }
}
