using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Vigil.Metrics.RemoteWrite.Client;
using Vigil.Metrics.TextParse;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// Fetches one target's page (Prometheus scrape.go targetScraper.scrape @ v2.42): GET with the Accept,
/// Accept-Encoding, User-Agent and X-Prometheus-Scrape-Timeout-Seconds headers, a non-200 status is an error, gzip is
/// decompressed by hand, and the body is read no further than the body size limit. Errors read like Prometheus' ones.
/// </summary>
internal sealed class TargetScraper
{
    private readonly HttpClient _client;
    private readonly AuthorizationProvider _authorization;
    private readonly ActiveTarget _target;
    private readonly ScrapeSettings _settings;
    private readonly ScrapeHttpOptions _http;
    private readonly ScrapeMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly Uri _uri;
    private readonly string _timeoutHeader;
    private int _lastBodySize;

    public TargetScraper(
        HttpClient client, AuthorizationProvider authorization, ActiveTarget target, ScrapeSettings settings, ScrapeHttpOptions http, ScrapeMetrics metrics, TimeProvider time)
    {
        _client = client;
        _authorization = authorization;
        _target = target;
        _settings = settings;
        _http = http;
        _metrics = metrics;
        _time = time;
        _uri = new Uri(target.Url);
        _timeoutHeader = target.Timeout.TotalSeconds.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Scrapes once; <paramref name="stopping"/> is the loop's stop (cancellation propagates), the timeout is added here.</summary>
    public async Task<ScrapeResponse> ScrapeAsync(CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(_target.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        var ct = linked.Token;
        HttpResponseMessage response;
        try
        {
            using var request = BuildRequest();
            request.Headers.Authorization = await _authorization.GetAsync(ct).ConfigureAwait(false);
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            return ScrapeResponse.Failed($"Get \"{_target.Url}\": context deadline exceeded");
        }
        catch (HttpRequestException e)
        {
            return ScrapeResponse.Failed($"Get \"{_target.Url}\": {Describe(e)}");
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return ScrapeResponse.Failed($"server returned HTTP status {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
            }

            try
            {
                var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                var gzip = response.Content.Headers.ContentEncoding.Contains("gzip", StringComparer.OrdinalIgnoreCase);
                await using var body = gzip ? new GZipStream(stream, CompressionMode.Decompress) : stream;
                var (page, error) = await ScrapeBody.ReadAsync(body, _settings.ReadLimits, _lastBodySize, ct).ConfigureAwait(false);
                if (page is null)
                {
                    _metrics.ExceededBodySizeLimit.Inc();
                    return ScrapeResponse.Failed(error ?? "body size limit exceeded");
                }

                _lastBodySize = page.Length;
                return new ScrapeResponse(page, response.Content.Headers.ContentType?.ToString(), null);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stopping.IsCancellationRequested)
            {
                return ScrapeResponse.Failed("context deadline exceeded");
            }
            catch (InvalidDataException e)
            {
                return ScrapeResponse.Failed("gzip: " + e.Message);
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                return ScrapeResponse.Failed(Describe(e));
            }
        }
    }

    private HttpRequestMessage BuildRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, _uri);
        request.Headers.TryAddWithoutValidation("Accept", _settings.AcceptHeader);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        request.Headers.TryAddWithoutValidation("User-Agent", _http.UserAgent);
        request.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds", _timeoutHeader);
        if (_http.DisableKeepAlives)
        {
            request.Headers.ConnectionClose = true;
        }

        // Go negotiates HTTP/2 over TLS only (no h2c), which is what "2.0 or lower" does here.
        if (_settings.EnableHttp2 && _uri.Scheme == Uri.UriSchemeHttps)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }

        return request;
    }

    /// <summary>The transport error in Go's words where one is common (a refused connection), else .NET's message.</summary>
    private string Describe(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                var endpoint = _uri.IsDefaultPort ? $"{_uri.Host}:{_uri.Port}" : _uri.Authority;
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => $"dial tcp {endpoint}: connect: connection refused",
                    SocketError.HostNotFound or SocketError.NoData => $"dial tcp: lookup {_uri.Host}: no such host",
                    SocketError.ConnectionReset => "read: connection reset by peer",
                    _ => $"dial tcp {endpoint}: {socket.Message}",
                };
            }
        }

        return e.InnerException is { } cause && e is HttpRequestException ? $"{e.Message} ({cause.Message})" : e.Message;
    }
}
