using Microsoft.Extensions.Logging;
using Vigil.Wal.Records;

namespace Vigil.Wal;

/// <summary>
/// Compacts segments into a checkpoint directory. Behaviour follows prometheus tsdb/wlog/checkpoint.go: the previous
/// checkpoint and segments <c>from..to</c> are read; series for which <c>keep</c> is false are dropped, and samples,
/// histograms, exemplars and tombstones older than <c>mint</c> are dropped; the rest is written to
/// <c>checkpoint.%08d.tmp</c>, fsynced on close, and renamed to <c>checkpoint.%08d</c> (named after <c>to</c>).
/// </summary>
public static class Checkpoint
{
    private const int FlushBytes = 1024 * 1024;

    public static CheckpointStats Create(WalWriter wal, int from, int to, Func<ulong, bool> keep, long mint, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(wal);
        ArgumentNullException.ThrowIfNull(keep);
        var stats = new CheckpointStats();
        var ranges = new List<(string, int, int)>();
        var last = WalDirectory.LastCheckpoint(wal.Dir);
        if (last is { } cp)
        {
            if (from > cp.Index + 1)
            {
                throw new InvalidOperationException($"unexpected gap to last checkpoint. expected:{cp.Index + 1}, requested:{from}");
            }

            // Segments below the checkpoint should not exist; they are ignored.
            from = cp.Index + 1;
            ranges.Add((cp.Path, -1, -1));
        }

        ranges.Add((wal.Dir, from, to));
        var dir = WalDirectory.CheckpointName(wal.Dir, to);
        var tmp = dir + ".tmp";
        if (Directory.Exists(tmp))
        {
            Directory.Delete(tmp, recursive: true);
        }

        Directory.CreateDirectory(tmp);
        try
        {
            using (var source = SegmentBufReader.ForRanges([.. ranges]))
            using (var reader = new WalReader(source))
            using (var writer = WalWriter.Open(tmp, new WalWriterOptions { Compress = wal.Compress, Logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance }))
            {
                Copy(reader, writer, keep, mint, stats);
                writer.Close();
            }

            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }

            Directory.Move(tmp, dir);
        }
        catch
        {
            TryRemove(tmp, logger);
            throw;
        }

        return stats;
    }

    private delegate void RecordDecode<T>(ReadOnlySpan<byte> record, List<T> into);

    private delegate void RecordEncode<T>(ReadOnlySpan<T> entries, RecordBuffer buffer);

    /// <summary>Decodes one record, re-encodes the entries <paramref name="kept"/> accepts, and counts what was dropped.</summary>
    private static (int Total, int Dropped) Filter<T>(
        ReadOnlySpan<byte> record, List<T> scratch, RecordDecode<T> decode, Func<T, bool> kept, RecordEncode<T> encode, RecordBuffer batch)
    {
        scratch.Clear();
        decode(record, scratch);
        var keep = scratch.Where(kept).ToArray();
        if (keep.Length > 0)
        {
            encode(keep, batch);
        }

        return (scratch.Count, scratch.Count - keep.Length);
    }

    private static void Copy(WalReader reader, WalWriter writer, Func<ulong, bool> keep, long mint, CheckpointStats stats)
    {
        var series = new List<RefSeries>();
        var samples = new List<RefSample>();
        var stones = new List<Stone>();
        var exemplars = new List<RefExemplar>();
        var histograms = new List<RefHistogramSample>();
        var floatHistograms = new List<RefFloatHistogramSample>();
        var metadata = new List<RefMetadata>();
        var latestMetadata = new Dictionary<ulong, RefMetadata>();
        var batch = new RecordBuffer(FlushBytes + (64 * 1024));
        var bounds = new List<(int Start, int Length)>();

        while (reader.Next())
        {
            var rec = reader.Record;
            var start = batch.Length;
            try
            {
                switch (RecordDecoder.Type(rec))
                {
                    case RecordType.Series:
                    {
                        var (total, dropped) = Filter(rec, series, RecordDecoder.Series, s => keep(s.Ref), RecordEncoder.Series, batch);
                        stats.TotalSeries += total;
                        stats.DroppedSeries += dropped;
                        break;
                    }

                    case RecordType.Samples:
                    {
                        var (total, dropped) = Filter(rec, samples, RecordDecoder.Samples, s => s.T >= mint, RecordEncoder.Samples, batch);
                        stats.TotalSamples += total;
                        stats.DroppedSamples += dropped;
                        break;
                    }

                    case RecordType.HistogramSamples:
                    {
                        var (total, dropped) = Filter(rec, histograms, RecordDecoder.HistogramSamples, s => s.T >= mint, RecordEncoder.HistogramSamples, batch);
                        stats.TotalSamples += total;
                        stats.DroppedSamples += dropped;
                        break;
                    }

                    case RecordType.FloatHistogramSamples:
                    {
                        var (total, dropped) = Filter(rec, floatHistograms, RecordDecoder.FloatHistogramSamples, s => s.T >= mint, RecordEncoder.FloatHistogramSamples, batch);
                        stats.TotalSamples += total;
                        stats.DroppedSamples += dropped;
                        break;
                    }

                    case RecordType.Tombstones:
                    {
                        var (total, dropped) = Filter(rec, stones, RecordDecoder.Tombstones, s => s.Interval.MaxT >= mint && keep(s.Ref), RecordEncoder.Tombstones, batch);
                        stats.TotalTombstones += total;
                        stats.DroppedTombstones += dropped;
                        break;
                    }

                    case RecordType.Exemplars:
                    {
                        var (total, dropped) = Filter(rec, exemplars, RecordDecoder.Exemplars, e => e.T >= mint, RecordEncoder.Exemplars, batch);
                        stats.TotalExemplars += total;
                        stats.DroppedExemplars += dropped;
                        break;
                    }

                    case RecordType.Metadata:
                        metadata.Clear();
                        RecordDecoder.Metadata(rec, metadata);
                        foreach (var m in metadata)
                        {
                            if (keep(m.Ref))
                            {
                                latestMetadata[m.Ref] = m;
                            }
                            else
                            {
                                stats.DroppedMetadata++;
                            }
                        }

                        stats.TotalMetadata += metadata.Count;
                        break;
                    default:
                        // Memory-map markers belong to a server's head; unknown types come from newer writers. Neither survives a checkpoint.
                        break;
                }
            }
            catch (RecordDecodeException e)
            {
                throw reader.CorruptionAt("decode record for checkpoint: " + e.Message);
            }

            if (batch.Length > start)
            {
                bounds.Add((start, batch.Length - start));
            }

            if (batch.Length > FlushBytes)
            {
                Flush(writer, batch, bounds);
            }
        }

        if (reader.Error is { } error)
        {
            throw error;
        }

        if (latestMetadata.Count > 0)
        {
            var start = batch.Length;
            RecordEncoder.Metadata(latestMetadata.Values.ToArray(), batch);
            bounds.Add((start, batch.Length - start));
        }

        Flush(writer, batch, bounds);
    }

    private static void Flush(WalWriter writer, RecordBuffer batch, List<(int Start, int Length)> bounds)
    {
        if (bounds.Count == 0)
        {
            return;
        }

        var all = batch.WrittenMemory;
        var records = new ReadOnlyMemory<byte>[bounds.Count];
        for (var i = 0; i < bounds.Count; i++)
        {
            records[i] = all.Slice(bounds[i].Start, bounds[i].Length);
        }

        writer.Log(records);
        batch.Reset();
        bounds.Clear();
    }

    private static void TryRemove(string dir, ILogger? logger)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException e)
        {
            logger?.LogError(e, "remove temporary checkpoint {Dir}", dir);
        }
    }
}
