using System.Net;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Vigil.Metrics.Config;
using Vigil.Metrics.Instance;
using Vigil.ScrapingService.ConfigStore;
using Vigil.Server.Api;
using Vigil.Server.Config;
using Vigil.Server.Flags;
using Vigil.Server.Logging;
using Vigil.Server.Reload;

namespace Vigil.Server.Hosting;

/// <summary>
/// One running agent: Kestrel on the HTTP and gRPC listen addresses, the API routes, the subsystems in their apply
/// order, and the reload triggers (<c>/-/reload</c>, SIGHUP). Program runs one; tests start several in one process.
/// </summary>
internal sealed class AgentHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ListenOptions _httpListen;
    private readonly ListenOptions _grpcListen;
    private readonly LoadedConfig _initial;
    private PosixSignalRegistration? _sighup;

    private AgentHost(WebApplication app, ListenOptions http, ListenOptions grpc, LoadedConfig initial)
    {
        _app = app;
        _httpListen = http;
        _grpcListen = grpc;
        _initial = initial;
    }

    public IServiceProvider Services => _app.Services;

    public ReloadCoordinator Reloader => _app.Services.GetRequiredService<ReloadCoordinator>();

    /// <summary>The HTTP endpoint actually bound (the real port when the flag asked for port 0).</summary>
    public IPEndPoint HttpEndPoint => (IPEndPoint)_httpListen.EndPoint;

    public IPEndPoint GrpcEndPoint => (IPEndPoint)_grpcListen.EndPoint;

    public Uri HttpUri => new($"http://{FormatHost(HttpEndPoint)}/");

    /// <summary>Builds the host; nothing listens until <see cref="StartAsync"/>.</summary>
    public static AgentHost Create(AgentFlags flags, LoadedConfig config, LogSettings logSettings, TextWriter? logOutput = null)
    {
        var httpEndPoint = ListenAddress.Parse(AgentFlags.HttpAddress, flags.HttpListenAddress);
        var grpcEndPoint = ListenAddress.Parse(AgentFlags.GrpcAddress, flags.GrpcListenAddress);
        if (httpEndPoint.Port != 0 && httpEndPoint.Equals(grpcEndPoint))
        {
            throw new FormatException($"-{AgentFlags.HttpAddress} and -{AgentFlags.GrpcAddress} must differ: both are {flags.HttpListenAddress}");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(new AgentLoggerProvider(logSettings, logOutput));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = flags.ShutdownTimeout);

        ListenOptions? http = null;
        ListenOptions? grpc = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.RequestHeadersTimeout = flags.Set.GetDuration(AgentFlags.HttpReadTimeout);
            kestrel.Limits.KeepAliveTimeout = flags.Set.GetDuration(AgentFlags.HttpIdleTimeout);
            kestrel.Listen(httpEndPoint, o =>
            {
                // Cleartext HTTP/2 needs prior knowledge, which browsers and curl do not use: HTTP/1.1 is what clients speak here.
                o.Protocols = HttpProtocols.Http1;
                http = o;
            });

            // gRPC clients speak h2c with prior knowledge, which a cleartext Http1AndHttp2 endpoint does not accept.
            kestrel.Listen(grpcEndPoint, o =>
            {
                o.Protocols = HttpProtocols.Http2;
                grpc = o;
            });
        });

        builder.Services.AddSingleton(flags);
        builder.Services.AddSingleton(logSettings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AgentMetrics>();
        builder.Services.AddSingleton<LoggerSubsystem>();
        builder.Services.AddSingleton<ServerSubsystem>();
        builder.Services.AddSingleton(sp => new InstanceManager(
            new InstanceOptions
            {
                WalDirectory = config.Config.Metrics?.WalDirectory ?? MetricsConfig.DefaultWalDirectory,
                Metrics = sp.GetRequiredService<AgentMetrics>().Factory,
                LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
                DisableKeepAlives = config.Config.Metrics?.HttpDisableKeepAlives ?? false,
                IdleConnTimeout = config.Config.Metrics?.HttpIdleConnTimeout.Value ?? TimeSpan.Zero,
                MaxReceiveBodyBytes = flags.ReceiveMaxBody,
            },
            config.Config.Metrics?.InstanceRestartBackoff.Value ?? MetricsConfig.DefaultInstanceRestartBackoff.Value));
        builder.Services.AddSingleton<IInstanceManager>(sp => sp.GetRequiredService<InstanceManager>());
        builder.Services.AddSingleton<MetricsSubsystem>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MetricsSubsystem>());
        builder.Services.AddSingleton(sp => new ConfigStoreManager(sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<AgentMetrics>().Factory)
        {
            EnableGetConfiguration = flags.EnableReadApi,
        });
        builder.Services.AddSingleton<ScrapingServiceSubsystem>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ScrapingServiceSubsystem>());
        builder.Services.AddHostedService<HeapCompactor>();

        // The apply order of Grafana Agent: logger, server, metrics, logs, traces, integrations. Logs, traces and
        // integrations are refused at validation until Vigil runs them, so they have no subsystem yet.
        builder.Services.AddSingleton<IReadOnlyList<IConfigSubsystem>>(sp =>
        [
            sp.GetRequiredService<LoggerSubsystem>(),
            sp.GetRequiredService<ServerSubsystem>(),
            sp.GetRequiredService<MetricsSubsystem>(),
            sp.GetRequiredService<ScrapingServiceSubsystem>(),
        ]);
        builder.Services.AddSingleton(sp => new ReloadCoordinator(
            flags,
            sp.GetRequiredService<IReadOnlyList<IConfigSubsystem>>(),
            sp.GetRequiredService<AgentMetrics>(),
            sp.GetRequiredService<ILogger<ReloadCoordinator>>(),
            Environment.GetEnvironmentVariable,
            sp.GetRequiredService<TimeProvider>()));

        var app = builder.Build();
        app.UseRouting();
        app.UseMiddleware<RequestMetricsMiddleware>();
        ApiRoutes.Map(app, flags.RegisterInstrumentationEnabled);
        app.UseEndpoints(_ => { });

        // Reached only when no route matched the path (a wrong method on a known path gets 405 from routing).
        app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = PlainText.ContentType;
            return context.Response.WriteAsync("404 page not found\n");
        });

        return new AgentHost(app, http!, grpc!, config);
    }

    /// <summary>Applies the initial config, starts listening, and installs the SIGHUP handler.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var outcome = await Reloader.ApplyAsync(_initial, cancellationToken).ConfigureAwait(false);
        if (outcome != ReloadOutcome.Applied)
        {
            throw new InvalidOperationException("the initial config did not apply; see the errors above");
        }

        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var logger = _app.Services.GetRequiredService<ILogger<AgentHost>>();
        logger.LogInformation("server listening on addresses {http} (http) and {grpc} (grpc)", FormatHost(HttpEndPoint), FormatHost(GrpcEndPoint));

        if (!OperatingSystem.IsWindows())
        {
            _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                logger.LogInformation("received SIGHUP, reloading config");
                _ = Task.Run(() => Reloader.ReloadAsync(CancellationToken.None));
            });
        }
    }

    /// <summary>Runs until SIGINT or SIGTERM, then shuts down within <c>-server.graceful-shutdown-timeout</c>.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _sighup?.Dispose();
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static string FormatHost(IPEndPoint endPoint) => endPoint.ToString();
}
