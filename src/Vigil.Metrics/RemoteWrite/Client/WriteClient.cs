using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Vigil.Metrics.Config;

namespace Vigil.Metrics.RemoteWrite.Client;

/// <summary>
/// POSTs snappy-compressed prompb WriteRequests to one remote_write endpoint and classifies the result (behaviour of
/// prometheus storage/remote/client.go, Store): 2xx is success; 5xx, 429 (with retry_on_http_429), timeouts and
/// network errors are recoverable; any other status is not. The response body is never interpreted, only quoted (up to
/// 1 KiB) in the error. Thread-safe: shards share one client.
/// </summary>
internal sealed class WriteClient : IDisposable
{
    private const int MaxErrorBodyBytes = 1024;

    private readonly HttpClient _http;
    private readonly AuthorizationProvider _auth;
    private readonly TimeProvider _time;
    private readonly KeyValuePair<string, string>[] _userHeaders;
    private readonly bool _retryOnRateLimit;
    private readonly bool _http2;

    public WriteClient(RemoteWriteConfig config, string name, TimeProvider? time = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Name = name;
        Url = new Uri(config.Url?.Value ?? throw new ArgumentException("remote_write url is empty", nameof(config)));
        Timeout = config.RemoteTimeout.Value > TimeSpan.Zero ? config.RemoteTimeout.Value : RemoteWriteConfig.DefaultRemoteTimeout.Value;
        _time = time ?? TimeProvider.System;
        _retryOnRateLimit = config.QueueConfig?.RetryOnRateLimit ?? true;
        _http2 = config.EnableHttp2 && Url.Scheme == Uri.UriSchemeHttps;
        _userHeaders = (config.Headers ?? [])
            .Where(h => !WriteHeaders.Reserved.Contains(h.Key))
            .Select(h => new KeyValuePair<string, string>(h.Key, h.Value))
            .ToArray();
        _http = new HttpClient(handler ?? HttpHandlerFactory.Create(config.TlsConfig ?? new TlsConfig(), config, config.FollowRedirects))
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _auth = new AuthorizationProvider(config, _time);
    }

    /// <summary>The queue's name (remote_name label).</summary>
    public string Name { get; }

    public Uri Url { get; }

    public TimeSpan Timeout { get; }

    /// <summary>
    /// Sends one compressed request. <paramref name="attempt"/> is 0 for the first try; later tries carry
    /// <c>Retry-Attempt</c>. Throws only <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task<WriteOutcome> StoreAsync(ReadOnlyMemory<byte> compressed, int attempt, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = await BuildRequestAsync(compressed, attempt, linked.Token).ConfigureAwait(false);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status / 100 == 2)
            {
                return WriteOutcome.Ok(status);
            }

            var body = await ReadErrorBodyAsync(response, linked.Token).ConfigureAwait(false);
            var error = $"server returned HTTP status {status} {response.ReasonPhrase}: {body}";
            var retryAfter = RetryAfter(response);
            if (status / 100 == 5 || (status == (int)HttpStatusCode.TooManyRequests && _retryOnRateLimit))
            {
                return new WriteOutcome(WriteOutcomeKind.Recoverable, status, retryAfter, error);
            }

            return new WriteOutcome(WriteOutcomeKind.NonRecoverable, status, null, error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WriteOutcome(WriteOutcomeKind.Recoverable, 0, null, $"context deadline exceeded after {Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s");
        }
        catch (HttpRequestException e)
        {
            return new WriteOutcome(WriteOutcomeKind.Recoverable, 0, null, e.Message);
        }
        catch (IOException e)
        {
            // A credentials file that cannot be read is treated like a network error: fixing the file fixes the sends.
            return new WriteOutcome(WriteOutcomeKind.Recoverable, 0, null, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            return new WriteOutcome(WriteOutcomeKind.Recoverable, 0, null, e.Message);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _auth.Dispose();
    }

    private async Task<HttpRequestMessage> BuildRequestAsync(ReadOnlyMemory<byte> compressed, int attempt, CancellationToken cancellationToken)
    {
        var content = new ReadOnlyMemoryContent(compressed);
        var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = content };
        if (_http2)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }

        // User headers first; the reserved ones are set afterwards and were filtered out of the user list anyway.
        foreach (var (name, value) in _userHeaders)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        content.Headers.ContentType = new MediaTypeHeaderValue(WriteHeaders.ContentType);
        content.Headers.ContentEncoding.Add(WriteHeaders.ContentEncoding);
        request.Headers.TryAddWithoutValidation("User-Agent", WriteHeaders.UserAgent);
        request.Headers.Add(WriteHeaders.VersionHeader, WriteHeaders.Version);
        if (attempt > 0)
        {
            request.Headers.Add(WriteHeaders.RetryAttempt, attempt.ToString(CultureInfo.InvariantCulture));
        }

        request.Headers.Authorization = await _auth.GetAsync(cancellationToken).ConfigureAwait(false);
        return request;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta;
        }

        if (header.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxErrorBodyBytes];
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            var text = Encoding.UTF8.GetString(buffer, 0, read);
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            return newline < 0 ? text : text[..newline];
        }
    }
}
