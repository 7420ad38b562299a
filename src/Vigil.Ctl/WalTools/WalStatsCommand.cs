using System.Globalization;
using System.Text;

namespace Vigil.Ctl.WalTools;

/// <summary><c>vigilctl wal-stats DIR</c>: the output of Grafana Agent's <c>agentctl wal-stats</c>.</summary>
internal static class WalStatsCommand
{
    public static int Run(string directory, TextWriter stdout)
    {
        if (!Directory.Exists(directory))
        {
            stdout.WriteLine(File.Exists(directory) ? $"error getting wal: {directory} is not a directory" : $"{directory} does not exist");
            return 1;
        }

        // A storage directory holds its WAL in ./wal.
        var wal = Path.Combine(directory, "wal");
        if (Directory.Exists(wal))
        {
            directory = wal;
        }

        WalStats stats;
        try
        {
            stats = WalStatsCalculator.Calculate(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Vigil.Wal.WalCorruptionException)
        {
            stdout.WriteLine($"failed to get WAL stats: {e.Message}");
            return 1;
        }

        stdout.Write(Format(stats));
        return 0;
    }

    public static string Format(WalStats stats)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"Oldest Sample:      {GoTime(stats.From)}\n");
        sb.Append(inv, $"Newest Sample:      {GoTime(stats.To)}\n");
        sb.Append(inv, $"Total Series:       {stats.Series}\n");
        sb.Append(inv, $"Total Samples:      {stats.Samples}\n");
        sb.Append(inv, $"Hash Collisions:    {stats.HashCollisions}\n");
        sb.Append(inv, $"Invalid Refs:       {stats.InvalidRefs}\n");
        sb.Append(inv, $"Checkpoint Segment: {stats.CheckpointNumber}\n");
        sb.Append(inv, $"First Segment:      {stats.FirstSegment}\n");
        sb.Append(inv, $"Latest Segment:     {stats.LastSegment}\n");
        sb.Append("\nPer-target stats:\n");
        var rows = stats.Targets
            .OrderByDescending(t => t.Series)
            .Select(t => (IReadOnlyList<string>)[t.Job, t.Instance, t.Series.ToString(inv), t.Samples.ToString(inv)])
            .ToList();
        sb.Append(AsciiTable.Render(["Job", "Instance", "Series", "Samples"], rows));
        return sb.ToString();
    }

    /// <summary>A millisecond timestamp as Go prints a UTC time.Time: fraction without trailing zeros.</summary>
    public static string GoTime(long ms)
    {
        if (ms == long.MaxValue)
        {
            // No sample at all; Go prints a date in year 292278994, which .NET cannot represent.
            return "none";
        }

        var t = DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
        var s = t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var fraction = t.Millisecond;
        if (fraction != 0)
        {
            s += "." + fraction.ToString("D3", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        return s + " +0000 UTC";
    }
}
