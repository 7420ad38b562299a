using System.Buffers;

namespace Vigil.Metrics.TextParse;

/// <summary>
/// A scraped response body read into one pooled buffer, never past <c>body_size_limit</c> (Prometheus
/// scrape.go readResponse: it copies through a reader limited to the limit and fails when the count reaches it).
/// Dispose returns the buffer; the parser's spans die with it.
/// </summary>
internal sealed class ScrapeBody : IDisposable
{
    private const int InitialSize = 64 * 1024;
    private byte[]? _buffer;

    private ScrapeBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    /// <summary>The body bytes; valid until <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer is null ? throw new ObjectDisposedException(nameof(ScrapeBody)) : _buffer.AsMemory(0, Length);

    /// <summary>
    /// Reads <paramref name="body"/> (already decompressed by the caller when gzip) up to <paramref name="limits"/>'
    /// body size limit. Returns the body, or null and the scrape error when the limit is reached.
    /// </summary>
    public static async Task<(ScrapeBody? Body, string? Error)> ReadAsync(Stream body, ScrapeLimits limits, int sizeHint = 0, CancellationToken ct = default)
    {
        var limit = limits.BodySizeLimit > 0 ? limits.BodySizeLimit : long.MaxValue;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(InitialSize, sizeHint));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= Array.MaxLength)
                    {
                        throw new InvalidDataException("scrape body larger than the largest array");
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                // Never ask for more than the limit allows, so memory stays bounded by the limit.
                var want = (int)Math.Min(buffer.Length - length, limit - length);
                var n = want == 0 ? 0 : await body.ReadAsync(buffer.AsMemory(length, want), ct).ConfigureAwait(false);
                length += n;
                if (length >= limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, limits.CheckBodySize(length));
                }

                if (n == 0)
                {
                    return (new ScrapeBody(buffer, length), null);
                }
            }
        }
        catch
        {
            // Return the buffer on any failure (I/O, cancellation), then let the error reach the scrape loop.
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        if (_buffer is { } b)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(b);
        }
    }
}
