using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Vigil.Common.Api;
using Vigil.Metrics.Instance;
using Vigil.Metrics.RemoteWriteReceiver;

namespace Vigil.Metrics.Api;

/// <summary>
/// The metrics agent API (static-mode.md §1.4): the instance list and the remote-write receive endpoint, with Grafana
/// Agent's bodies, and the fixes of §3.10 (503 instead of a dropped connection while an instance starts or restarts;
/// 415 for an explicit foreign Content-Type or Content-Encoding; 413 above the body limit).
/// </summary>
public static class MetricsApi
{
    public const string InstancesRoute = "/agent/api/v1/metrics/instances";
    public const string InstancesLegacyRoute = "/agent/api/v1/instances";
    public const string WriteRoute = "/agent/api/v1/metrics/instance/{instance}/write";

    private const string WritePrefix = "/agent/api/v1/metrics/instance/";
    private const string WriteSuffix = "/write";
    private const string TextContentType = "text/plain; charset=utf-8";

    public static IResult ListInstances(InstanceManager manager)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var names = manager.ListConfigs().Select(c => c.Name).Order(StringComparer.Ordinal).ToArray();
        return Results.Text(ApiResponse.Success(names), ApiResponse.ContentType, Encoding.UTF8, StatusCodes.Status200OK);
    }

    public static async Task<IResult> Write(HttpContext context, InstanceManager manager)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(manager);
        if (!TryInstanceName(context, out var name))
        {
            return Text(StatusCodes.Status400BadRequest, "invalid instance name in path");
        }

        var request = context.Request;
        if (request.Headers.ContentType.Count > 0 && !IsProtobuf(request.Headers.ContentType.ToString()))
        {
            return Text(StatusCodes.Status415UnsupportedMediaType, $"unsupported Content-Type \"{request.Headers.ContentType}\": expected application/x-protobuf");
        }

        if (request.Headers.ContentEncoding.Count > 0 && !string.Equals(request.Headers.ContentEncoding.ToString().Trim(), "snappy", StringComparison.OrdinalIgnoreCase))
        {
            return Text(StatusCodes.Status415UnsupportedMediaType, $"unsupported Content-Encoding \"{request.Headers.ContentEncoding}\": expected snappy");
        }

        var instance = manager.GetInstance(name, out var known);
        if (!known)
        {
            return Text(StatusCodes.Status400BadRequest, $"instance {name} does not exist");
        }

        if (instance?.Receiver is not { } receiver)
        {
            context.Response.Headers.RetryAfter = "1";
            return Text(StatusCodes.Status503ServiceUnavailable, $"instance {name} is not ready");
        }

        var limit = manager.Options.MaxReceiveBodyBytes;

        // Kestrel's own cap (30 000 000 bytes unless configured) sits below the endpoint's 32 MiB and would cut a
        // valid request's connection: this endpoint enforces its own limit instead.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        if (request.ContentLength > limit)
        {
            return await TooLargeAsync(context, limit).ConfigureAwait(false);
        }

        var (buffer, length) = await ReadBodyAsync(request, limit, context.RequestAborted).ConfigureAwait(false);
        if (buffer is null)
        {
            return await TooLargeAsync(context, limit).ConfigureAwait(false);
        }

        ReceiveResult result;
        try
        {
            result = receiver.Receive(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return result.StatusCode == StatusCodes.Status204NoContent
            ? Results.NoContent()
            : Text(result.StatusCode, result.Error ?? "error");
    }

    /// <summary>
    /// A sender still writing its body when the answer comes and the connection closes sees a reset, not the 413: up
    /// to <paramref name="limit"/> more bytes are read and dropped so that an ordinary oversize request gets its
    /// answer; beyond that the connection is closed after the answer rather than drained for ever.
    /// </summary>
    private static async Task<IResult> TooLargeAsync(HttpContext context, long limit)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var drained = 0L;
            while (drained <= limit)
            {
                var read = await context.Request.Body.ReadAsync(scratch, context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    return TooLarge(limit);
                }

                drained += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        context.Response.Headers.Connection = "close";
        return TooLarge(limit);
    }

    private static IResult TooLarge(long limit) =>
        Text(StatusCodes.Status413PayloadTooLarge, string.Create(CultureInfo.InvariantCulture, $"request body too large: the limit is {limit} bytes"));

    // Go's http.Error: text/plain and a trailing newline.
    private static IResult Text(int status, string message) => Results.Text(message + "\n", TextContentType, Encoding.UTF8, status);

    private static bool IsProtobuf(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) &&
        string.Equals(media.MediaType.Value, "application/x-protobuf", StringComparison.OrdinalIgnoreCase);

    // The name is decoded once from the raw path, as Go's PathUnescape of the route variable: "a%2Fb" is "a/b".
    private static bool TryInstanceName(HttpContext context, out string name)
    {
        name = string.Empty;
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            raw = raw[..query];
        }

        if (!raw.StartsWith(WritePrefix, StringComparison.Ordinal) || !raw.EndsWith(WriteSuffix, StringComparison.Ordinal))
        {
            return false;
        }

        var encoded = raw[WritePrefix.Length..^WriteSuffix.Length];
        try
        {
            name = Uri.UnescapeDataString(encoded);
        }
        catch (UriFormatException)
        {
            return false;
        }

        return name.Length > 0;
    }

    private static async Task<(byte[]? Buffer, int Length)> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var initial = (int)Math.Min(Math.Max(request.ContentLength ?? 64 * 1024, 1024), limit + 1);
        var buffer = ArrayPool<byte>.Shared.Rent(initial);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return (null, 0);
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, 0);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return (buffer, length);
    }
}
