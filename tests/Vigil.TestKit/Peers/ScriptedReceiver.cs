using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vigil.TestKit.Peers;

/// <summary>
/// A controllable HTTP receiver on Kestrel (127.0.0.1, free port) for remote-write fault tests: every request is
/// recorded whole (headers and raw body) and answered what <see cref="Respond"/> says for its 0-based arrival index,
/// so a test can script "500 first, 400 later" or "2 s per request". It knows nothing about the payload; the test
/// decodes the bodies itself.
/// </summary>
public sealed class ScriptedReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<RecordedRequest> _requests = [];
    private Func<int, ScriptedReply> _respond = _ => ScriptedReply.NoContent;

    private ScriptedReceiver(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The receiver's write URL, <c>http://127.0.0.1:&lt;port&gt;/api/v1/write</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Chooses the reply for the request with the given arrival index; called once per request, in order.</summary>
    public Func<int, ScriptedReply> Respond
    {
        get
        {
            lock (_requests)
            {
                return _respond;
            }
        }

        set
        {
            lock (_requests)
            {
                _respond = value;
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    public static async Task<ScriptedReceiver> StartAsync(Func<int, ScriptedReply>? respond = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = 64L << 20;
        });
        var app = builder.Build();
        var receiver = new ScriptedReceiver(app);
        if (respond is not null)
        {
            receiver.Respond = respond;
        }

        app.Run(receiver.HandleAsync);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Urls.First();
        receiver.Url = new Uri(new Uri(address), "/api/v1/write");
        return receiver;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; throws with the request count after the timeout.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<RecordedRequest>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Requests))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"scripted receiver: condition not met after {timeout}; {Requests.Count} requests received");
            }

            await Task.Delay(50);
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
            // Requests still sleeping in a scripted delay are abandoned; disposal below closes them.
        }

        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var arrived = DateTimeOffset.UtcNow;
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        ScriptedReply reply;
        lock (_requests)
        {
            var index = _requests.Count;
            reply = _respond(index);
            _requests.Add(new RecordedRequest(index, context.Request.Method, context.Request.Path.Value ?? string.Empty, headers, body.ToArray(), reply.Status, arrived));
        }

        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, context.RequestAborted);
        }

        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = reply.RetryAfter;
        }

        if (reply.Body.Length > 0)
        {
            await context.Response.WriteAsync(reply.Body, context.RequestAborted);
        }
    }
}
