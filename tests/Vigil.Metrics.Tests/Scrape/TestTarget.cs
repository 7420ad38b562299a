using System.IO.Compression;
using System.Net;
using System.Text;
using Vigil.TestKit.Peers;

namespace Vigil.Metrics.Tests.Scrape;

/// <summary>
/// A scrape target on 127.0.0.1 whose page the test sets and changes: status, content type, gzip, a delay, an
/// endless body. It records the request headers it saw and counts requests.
/// </summary>
internal sealed class TestTarget : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();
    private volatile string _body = string.Empty;
    private int _requests;

    public TestTarget(string body = "", string contentType = "text/plain; version=0.0.4")
    {
        _body = body;
        ContentType = contentType;
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public string Body
    {
        get => _body;
        set => _body = value;
    }

    public string ContentType { get; set; }

    public int Status { get; set; } = 200;

    public bool Gzip { get; set; }

    /// <summary>When set, requests for <c>/metrics</c> are answered with a 302 to this path.</summary>
    public string? RedirectTo { get; set; }

    public TimeSpan Delay { get; set; }

    /// <summary>Streams data until the client goes away.</summary>
    public bool Endless { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    public ScrapeRequest? LastRequest { get; private set; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException e)
        {
            Console.Error.WriteLine($"TestTarget loop ended with {e.InnerException?.Message}");
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // Stopped by Dispose.
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _requests);
        LastRequest = new ScrapeRequest(context.Request.Url?.PathAndQuery ?? string.Empty, context.Request.Headers.AllKeys
            .Where(k => k is not null)
            .ToDictionary(k => k!, k => context.Request.Headers[k] ?? string.Empty, StringComparer.OrdinalIgnoreCase));
        var response = context.Response;
        try
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, _stop.Token);
            }

            if (RedirectTo is { } location && context.Request.Url?.AbsolutePath == "/metrics")
            {
                response.StatusCode = 302;
                response.RedirectLocation = location;
                response.Close();
                return;
            }

            response.StatusCode = Status;
            response.ContentType = ContentType;
            if (Endless)
            {
                response.SendChunked = true;
                var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("endless_metric{a=\"b\"} 1\n", 1000)));
                while (!_stop.IsCancellationRequested)
                {
                    await response.OutputStream.WriteAsync(chunk, _stop.Token);

                    // Throttled, so the endless target does not starve the other tests of CPU on a small machine.
                    await Task.Delay(1, _stop.Token);
                }

                return;
            }

            var bytes = Encoding.UTF8.GetBytes(Body);
            if (Gzip)
            {
                using var ms = new MemoryStream();
                using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
                {
                    gz.Write(bytes);
                }

                bytes = ms.ToArray();
                response.AddHeader("Content-Encoding", "gzip");
            }

            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes, _stop.Token);
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The scraper went away (timeout, body limit) or the target is shutting down.
            try
            {
                response.Abort();
            }
            catch (ObjectDisposedException)
            {
                // Already closed.
            }
        }
    }
}

