using Microsoft.Extensions.Logging;
using Vigil.Metrics.RemoteWrite.Client;
using Vigil.Metrics.RemoteWrite.Prompb;

namespace Vigil.Metrics.RemoteWrite;

/// <summary>
/// Metadata sending (Prometheus AppendMetadata / sendMetadataWithBackoff): metadata goes in its own requests, in batches
/// of metadata_config.max_samples_per_send, with the same retry rules as samples and its own counters. The caller (the
/// metadata watcher of the scrape side) calls it every metadata_config.send_interval when metadata_config.send is on.
/// </summary>
internal sealed partial class QueueManager
{
    public async Task SendMetadataAsync(IReadOnlyList<MetricMetadata> metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (_config.MetadataConfig is { Send: false })
        {
            return;
        }

        var perRequest = Math.Max(1, _config.MetadataConfig?.MaxSamplesPerSend ?? 2000);
        using var raw = new PooledBuffer();
        using var compressed = new PooledBuffer();
        for (var start = 0; start < metadata.Count; start += perRequest)
        {
            raw.Clear();
            var count = Math.Min(perRequest, metadata.Count - start);
            for (var i = start; i < start + count; i++)
            {
                PrompbEncoder.WriteMetadata(raw, metadata[i]);
            }

            SnappyBlock.Compress(raw.WrittenSpan, compressed);
            await SendMetadataBatchAsync(compressed.WrittenMemory, count, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendMetadataBatchAsync(ReadOnlyMemory<byte> body, int count, CancellationToken cancellationToken)
    {
        var backoff = _queue.MinBackoff.Value;
        for (var attempt = 0; ; attempt++)
        {
            _metrics.MetadataTotal.Inc(count);
            var outcome = await _client.StoreAsync(body, attempt, cancellationToken).ConfigureAwait(false);
            if (outcome.Kind == WriteOutcomeKind.Success)
            {
                _metrics.MetadataBytesTotal.Inc(body.Length);
                return;
            }

            if (outcome.Kind == WriteOutcomeKind.NonRecoverable)
            {
                _logger.LogError("non-recoverable error while sending metadata, count={Count} err={Error}", count, outcome.Error);
                _metrics.MetadataFailed.Inc(count);
                return;
            }

            var sleep = outcome.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero ? retryAfter : backoff;
            _metrics.MetadataRetried.Inc(count);
            await Task.Delay(sleep, _time, cancellationToken).ConfigureAwait(false);
            backoff = sleep * 2 > _queue.MaxBackoff.Value ? _queue.MaxBackoff.Value : sleep * 2;
        }
    }
}
