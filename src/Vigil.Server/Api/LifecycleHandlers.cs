using Vigil.Common.Yaml;
using Vigil.Server.Hosting;
using Vigil.Server.Reload;

namespace Vigil.Server.Api;

/// <summary>The <c>/-/*</c> endpoints (Grafana Agent cmd/grafana-agent/entrypoint.go), with its exact bodies.</summary>
internal static class LifecycleHandlers
{
    public const string ConfigDisabled = "404 - config endpoint is disabled";

    public static IResult Healthy() => PlainText.Write(StatusCodes.Status200OK, "Agent is Healthy.\n");

    public static IResult Ready(MetricsSubsystem metrics) =>
        metrics.IsReady
            ? PlainText.Write(StatusCodes.Status200OK, "Agent is Ready.\n")
            : PlainText.Write(StatusCodes.Status503ServiceUnavailable, "Metrics are not ready yet.\n");

    /// <summary>200 with an empty body when everything applied; 400 with an empty body otherwise (the reason is logged).</summary>
    public static async Task<IResult> Reload(ReloadCoordinator reloader, CancellationToken cancellationToken)
    {
        var outcome = await reloader.ReloadAsync(cancellationToken).ConfigureAwait(false);
        return Results.StatusCode(outcome == ReloadOutcome.Applied ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    /// <summary>The effective config with defaults applied and every secret shown as <c>&lt;secret&gt;</c>.</summary>
    public static IResult Config(ReloadCoordinator reloader)
    {
        if (!reloader.Flags.EnableReadApi)
        {
            return PlainText.Write(StatusCodes.Status404NotFound, ConfigDisabled);
        }

        var current = reloader.Current;
        return current is null
            ? PlainText.Write(StatusCodes.Status503ServiceUnavailable, "config not loaded yet\n")
            : PlainText.Write(StatusCodes.Status200OK, VigilYaml.Serialize(current.Config, scrubSecrets: true));
    }
}
