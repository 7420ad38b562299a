using System.Net;
using System.Text;
using Vigil.TestKit.Peers;

namespace Vigil.Metrics.Tests.Sd;

/// <summary>An HTTP SD endpoint on 127.0.0.1 whose answer the test sets; it records the request headers it saw.</summary>
internal sealed class SdHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public SdHttpServer()
    {
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/sd";

    public int Status { get; set; } = 200;

    public string ContentType { get; set; } = "application/json";

    public string Body { get; set; } = "[]";

    public WebHeaderCollection? LastHeaders { get; private set; }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException e)
        {
            Console.Error.WriteLine($"SdHttpServer loop ended with {e.InnerException?.Message}");
        }
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

            LastHeaders = (WebHeaderCollection)context.Request.Headers;
            var bytes = Encoding.UTF8.GetBytes(Body);
            context.Response.StatusCode = Status;
            context.Response.ContentType = ContentType;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
