using System.Net;
using System.Text;
using Vigil.Metrics.RemoteWrite.Prompb;
using Vigil.TestKit.Peers;

namespace Vigil.Metrics.Tests.RemoteWrite;

/// <summary>
/// A remote-write receiver on 127.0.0.1 (HttpListener, no Kestrel): records every request with its headers and decoded
/// samples, and answers what <see cref="Respond"/> says for the request's index (0-based, in arrival order).
/// </summary>
internal sealed class FakeReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<ReceivedRequest> _requests = [];
    private readonly Task _loop;

    public FakeReceiver(Func<int, Reply>? respond = null)
    {
        Respond = respond ?? (_ => new Reply(204));
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort.Next();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                Url = new Uri($"http://127.0.0.1:{port}/api/v1/write");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // The port was taken between picking and binding; pick another.
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; } = null!;

    public Func<int, Reply> Respond { get; set; }

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>Samples of the requests answered 2xx, in arrival order.</summary>
    public IReadOnlyList<ReceivedSample> AcceptedSamples =>
        Requests.Where(r => r.Status / 100 == 2).SelectMany(r => r.Samples).ToList();

    public async Task WaitForAsync(Func<FakeReceiver, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met; {Requests.Count} requests received");
            }

            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException e)
        {
            Console.Error.WriteLine($"FakeReceiver loop ended with {e.InnerException?.Message}");
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // Closed by Dispose.
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var headers = context.Request.Headers.AllKeys
            .Where(k => k is not null)
            .ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
        int index;
        Reply reply;
        var samples = Decode(body.ToArray());
        lock (_requests)
        {
            index = _requests.Count;
            reply = Respond(index);
            _requests.Add(new ReceivedRequest(index, headers, body.ToArray(), samples, reply.Status, context.Request.Url?.AbsolutePath ?? string.Empty));
        }

        try
        {
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay);
            }

            context.Response.StatusCode = reply.Status;
            if (reply.Location is not null)
            {
                context.Response.RedirectLocation = reply.Location;

                // The followed request then goes on a fresh connection: HttpListener can close a kept-alive one under it.
                context.Response.KeepAlive = false;
            }

            if (reply.RetryAfter is not null)
            {
                context.Response.AddHeader("Retry-After", reply.RetryAfter);
            }

            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client gave up (timeout tests) or the listener closed: nothing left to answer.
        }
    }

    private static List<ReceivedSample> Decode(byte[] compressed)
    {
        var result = new List<ReceivedSample>();
        using var raw = new PooledBuffer();
        if (!SnappyBlock.TryDecompress(compressed, raw, out _))
        {
            return result;
        }

        var body = raw.WrittenSpan.ToArray();
        var decoded = new DecodedWriteRequest();
        if (!PrompbDecoder.TryDecode(body, decoded, out _))
        {
            return result;
        }

        foreach (var series in decoded.Series.Span)
        {
            var labels = new StringBuilder("{");
            foreach (var l in decoded.Labels.Slice(series.LabelStart, series.LabelCount))
            {
                if (labels.Length > 1)
                {
                    labels.Append(',');
                }

                labels.Append(Encoding.UTF8.GetString(l.Name.Of(body))).Append("=\"").Append(Encoding.UTF8.GetString(l.Value.Of(body))).Append('"');
            }

            labels.Append('}');
            foreach (var s in decoded.Samples.Slice(series.SampleStart, series.SampleCount))
            {
                result.Add(new ReceivedSample(labels.ToString(), s.Timestamp, s.Value));
            }

            if (series.HistogramCount > 0)
            {
                result.Add(new ReceivedSample(labels.ToString(), -1, series.HistogramCount));
            }

            if (series.ExemplarCount > 0)
            {
                result.Add(new ReceivedSample(labels.ToString(), -2, series.ExemplarCount));
            }
        }

        return result;
    }

    public sealed record Reply(int Status, TimeSpan Delay = default, string? RetryAfter = null, string Body = "", string? Location = null);

    public sealed record ReceivedRequest(int Index, Dictionary<string, string> Headers, byte[] Body, List<ReceivedSample> Samples, int Status, string Path);

    public sealed record ReceivedSample(string Labels, long Timestamp, double Value);
}
