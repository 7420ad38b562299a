using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vigil.TestKit.Peers;

/// <summary>
/// Many scrape targets behind one Kestrel on a free loopback port: <c>/t/&lt;name&gt;/metrics</c> answers a tiny
/// Prometheus text body for any name and records every hit with the pid of the scraper (see <see cref="SocketOwners"/>),
/// so cluster tests can tell which agent scraped which target, and when.
/// </summary>
public sealed class ScrapeTargets : IAsyncDisposable
{
    private const string Body = "# TYPE vigil_test_target gauge\nvigil_test_target 1\n";

    private readonly WebApplication _app;
    private readonly List<ScrapeHit> _hits = [];
    private readonly ConcurrentDictionary<string, int?> _connectionOwners = new(StringComparer.Ordinal);
    private Func<IReadOnlyCollection<int>> _scrapers = () => [];

    private ScrapeTargets(WebApplication app)
    {
        _app = app;
    }

    /// <summary>host:port of the listener, for <c>static_configs</c>.</summary>
    public string HostPort { get; private set; } = string.Empty;

    /// <summary>The pids a hit is attributed to; asked once per new connection.</summary>
    public Func<IReadOnlyCollection<int>> Scrapers
    {
        get => Volatile.Read(ref _scrapers);
        set => Volatile.Write(ref _scrapers, value);
    }

    public static string MetricsPath(string target) => $"/t/{target}/metrics";

    public static async Task<ScrapeTargets> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var targets = new ScrapeTargets(app);
        app.Run(targets.HandleAsync);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        targets.HostPort = new Uri(app.Urls.First()).Authority;
        return targets;
    }

    /// <summary>Every hit at or after <paramref name="since"/>, in arrival order.</summary>
    public IReadOnlyList<ScrapeHit> Hits(DateTimeOffset since)
    {
        lock (_hits)
        {
            return _hits.Where(h => h.At >= since).ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Open keep-alive connections of scrapers are closed by the disposal below.
        }

        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var at = DateTimeOffset.UtcNow;
        var path = context.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith("/t/", StringComparison.Ordinal) || !path.EndsWith("/metrics", StringComparison.Ordinal) || path.Length <= "/t//metrics".Length)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var name = path["/t/".Length..^"/metrics".Length];
        var connection = context.Connection;
        if (!_connectionOwners.TryGetValue(connection.Id, out var pid))
        {
            // Only a found owner is remembered: a miss is retried on the connection's next request.
            pid = SocketOwners.Find(connection.RemotePort, connection.LocalPort, Scrapers());
            if (pid is not null)
            {
                _connectionOwners[connection.Id] = pid;
            }
        }

        lock (_hits)
        {
            _hits.Add(new ScrapeHit(name, at, connection.RemotePort, pid));
        }

        context.Response.ContentType = "text/plain; version=0.0.4";
        await context.Response.WriteAsync(Body);
    }
}
