using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Vigil.LoadGen;

/// <summary>
/// One connection's loop: request after request, never two at once, so N workers keep N HTTP/1.1 connections busy.
/// Worker <c>w</c> of <c>n</c> owns chunks <c>w, w+n, w+2n, ...</c>: a series is only ever sent by one worker, one
/// request at a time, so its timestamps strictly increase and an out-of-order rejection means a receiver problem.
/// </summary>
internal sealed class ConnectionWorker
{
    private static readonly MediaTypeHeaderValue Protobuf = new("application/x-protobuf");

    private readonly HttpClient _client;
    private readonly Uri _url;
    private readonly SeriesSet _series;
    private readonly RequestEncoder _encoder;
    private readonly Pacer _pacer;
    private readonly int[] _chunks;
    private long _lastTimestampMs;

    public ConnectionWorker(HttpClient client, Uri url, SeriesSet series, Pacer pacer, int worker, int workers)
    {
        _client = client;
        _url = url;
        _series = series;
        _encoder = new RequestEncoder(series);
        _pacer = pacer;
        var chunks = new List<int>();
        for (var c = worker; c < series.ChunkCount; c += workers)
        {
            chunks.Add(c);
        }

        _chunks = [.. chunks];
    }

    public ConnectionStats Stats { get; } = new();

    /// <summary>Sends until <paramref name="stopSending"/> fires; a request in flight then is finished and counted.</summary>
    public async Task RunAsync(CancellationToken stopSending)
    {
        try
        {
            for (long round = 0; !stopSending.IsCancellationRequested; round++)
            {
                foreach (var chunk in _chunks)
                {
                    var samples = _series.Chunk(chunk).Count;
                    await _pacer.WaitAsync(samples, stopSending).ConfigureAwait(false);
                    if (stopSending.IsCancellationRequested)
                    {
                        return;
                    }

                    await SendAsync(chunk, samples, round).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopSending.IsCancellationRequested)
        {
            // The pacer was waiting for a slot after the end of the run.
        }
        finally
        {
            _encoder.Dispose();
        }
    }

    private async Task SendAsync(int chunk, int samples, long round)
    {
        // Wall-clock timestamps, strictly increasing per worker and therefore per series.
        var timestampMs = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), _lastTimestampMs + 1);
        _lastTimestampMs = timestampMs;
        var encodeStart = Stopwatch.GetTimestamp();
        var body = _encoder.Encode(chunk, timestampMs, round + 1);
        Stats.EncodeTicks += Stopwatch.GetTimestamp() - encodeStart;

        using var request = new HttpRequestMessage(HttpMethod.Post, _url)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ReadOnlyMemoryContent(body),
        };
        request.Content.Headers.ContentType = Protobuf;
        request.Content.Headers.ContentEncoding.Add("snappy");
        request.Headers.TryAddWithoutValidation("X-Prometheus-Remote-Write-Version", "0.1.0");
        request.Headers.TryAddWithoutValidation("User-Agent", "vigil-loadgen/0.1.0");

        Stats.Requests++;
        Stats.SamplesSent += samples;
        Stats.BytesSent += body.Length;
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
            Stats.Latencies.Record(Stopwatch.GetTimestamp() - start);
            if (response.IsSuccessStatusCode)
            {
                Stats.AcceptedRequests++;
                Stats.SamplesAccepted += samples;
                return;
            }

            var status = (int)response.StatusCode;
            Stats.NonSuccess[status] = Stats.NonSuccess.GetValueOrDefault(status) + 1;
            if (!Stats.FirstErrors.ContainsKey(status))
            {
                Stats.FirstErrors[status] = (await response.Content.ReadAsStringAsync().ConfigureAwait(false)).Trim();
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            // TaskCanceledException here is the HttpClient timeout: the run's own stop never cancels a request.
            Stats.TransportErrors++;
            Stats.FirstErrors.TryAdd(0, e.GetType().Name + ": " + e.Message);
        }
    }
}
