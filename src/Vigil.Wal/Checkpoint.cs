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
                        series.Clear();
                        RecordDecoder.Series(rec, series);
                        var keptSeries = series.Where(s => keep(s.Ref)).ToArray();
                        if (keptSeries.Length > 0)
                        {
                            RecordEncoder.Series(keptSeries, batch);
                        }

                        stats.TotalSeries += series.Count;
                        stats.DroppedSeries += series.Count - keptSeries.Length;
                        break;
                    case RecordType.Samples:
                        samples.Clear();
                        RecordDecoder.Samples(rec, samples);
                        var keptSamples = samples.Where(s => s.T >= mint).ToArray();
                        if (keptSamples.Length > 0)
                        {
                            RecordEncoder.Samples(keptSamples, batch);
                        }

                        stats.TotalSamples += samples.Count;
                        stats.DroppedSamples += samples.Count - keptSamples.Length;
                        break;
                    case RecordType.HistogramSamples:
                        histograms.Clear();
                        RecordDecoder.HistogramSamples(rec, histograms);
                        var keptHistograms = histograms.Where(s => s.T >= mint).ToArray();
                        if (keptHistograms.Length > 0)
                        {
                            RecordEncoder.HistogramSamples(keptHistograms, batch);
                        }

                        stats.TotalSamples += histograms.Count;
                        stats.DroppedSamples += histograms.Count - keptHistograms.Length;
                        break;
                    case RecordType.FloatHistogramSamples:
                        floatHistograms.Clear();
                        RecordDecoder.FloatHistogramSamples(rec, floatHistograms);
                        var keptFloat = floatHistograms.Where(s => s.T >= mint).ToArray();
                        if (keptFloat.Length > 0)
                        {
                            RecordEncoder.FloatHistogramSamples(keptFloat, batch);
                        }

                        stats.TotalSamples += floatHistograms.Count;
                        stats.DroppedSamples += floatHistograms.Count - keptFloat.Length;
                        break;
                    case RecordType.Tombstones:
                        stones.Clear();
                        RecordDecoder.Tombstones(rec, stones);
                        var keptStones = stones.Where(s => s.Interval.MaxT >= mint && keep(s.Ref)).ToArray();
                        if (keptStones.Length > 0)
                        {
                            RecordEncoder.Tombstones(keptStones, batch);
                        }

                        stats.TotalTombstones += stones.Count;
                        stats.DroppedTombstones += stones.Count - keptStones.Length;
                        break;
                    case RecordType.Exemplars:
                        exemplars.Clear();
                        RecordDecoder.Exemplars(rec, exemplars);
                        var keptExemplars = exemplars.Where(e => e.T >= mint).ToArray();
                        if (keptExemplars.Length > 0)
                        {
                            RecordEncoder.Exemplars(keptExemplars, batch);
                        }

                        stats.TotalExemplars += exemplars.Count;
                        stats.DroppedExemplars += exemplars.Count - keptExemplars.Length;
                        break;
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
