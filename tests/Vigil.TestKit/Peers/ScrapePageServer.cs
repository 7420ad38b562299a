using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vigil.TestKit.Peers;

/// <summary>
/// In-process scrape targets: Kestrel on a free loopback port serving pages the test sets per path. A page can be
/// replaced or removed (404) while scrapers run, answer after a delay, or stream a body that never ends.
/// </summary>
public sealed class ScrapePageServer : IAsyncDisposable
{
    /// <summary>The Prometheus text exposition format, 0.0.4.</summary>
    public const string TextFormat = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>OpenMetrics 1.0.0 (bodies end with <c># EOF</c>).</summary>
    public const string OpenMetricsFormat = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private readonly ConcurrentDictionary<string, ScrapePage> _pages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private readonly WebApplication _app;

    private ScrapePageServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>host:port, as a scrape target address.</summary>
    public string Address => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<ScrapePageServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = FreePort.Next();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var server = new ScrapePageServer(app, port);
        app.Run(server.ServeAsync);
        await app.StartAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>Serves <paramref name="body"/> at <paramref name="path"/> with <paramref name="contentType"/> (none when empty).</summary>
    public void Set(string path, string body, string contentType = TextFormat) =>
        _pages[path] = new ScrapePage(body, contentType, TimeSpan.Zero, Endless: false);

    /// <summary>Serves the page after <paramref name="delay"/> (a target slower than the scrape timeout).</summary>
    public void SetSlow(string path, string body, TimeSpan delay) =>
        _pages[path] = new ScrapePage(body, TextFormat, delay, Endless: false);

    /// <summary>Serves 200 and then a body that never ends: one valid sample line after another, forever.</summary>
    public void SetEndless(string path) =>
        _pages[path] = new ScrapePage(string.Empty, TextFormat, TimeSpan.Zero, Endless: true);

    /// <summary>Stops serving <paramref name="path"/>: it answers 404 from now on.</summary>
    public void Remove(string path) => _pages.TryRemove(path, out _);

    /// <summary>How many requests <paramref name="path"/> got so far.</summary>
    public int Hits(string path) => _hits.TryGetValue(path, out var n) ? n : 0;

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (!_pages.TryGetValue(path, out var page))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var aborted = context.RequestAborted;
        try
        {
            if (page.Delay > TimeSpan.Zero)
            {
                await Task.Delay(page.Delay, aborted).ConfigureAwait(false);
            }

            if (page.ContentType.Length > 0)
            {
                context.Response.ContentType = page.ContentType;
            }
            if (!page.Endless)
            {
                await context.Response.WriteAsync(page.Body, aborted).ConfigureAwait(false);
                return;
            }

            // Big chunks so the body grows fast enough to cross any size limit well within a scrape timeout.
            var line = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("endless_series{i=\"0\"} 1\n", 1024)));
            while (!aborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(line, aborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The scraper gave up (its timeout or body limit): the expected end of slow and endless pages.
        }
        catch (IOException) when (aborted.IsCancellationRequested)
        {
            // The connection went away mid-write, for the same reason.
        }
    }

    private sealed record ScrapePage(string Body, string ContentType, TimeSpan Delay, bool Endless);
}
