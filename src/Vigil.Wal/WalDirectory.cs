using System.Globalization;

namespace Vigil.Wal;

/// <summary>Naming and listing of segments and checkpoints in a WAL directory (Prometheus wlog helpers).</summary>
public static class WalDirectory
{
    public static string SegmentFileName(int index) => index.ToString("D8", CultureInfo.InvariantCulture);

    public static string SegmentName(string dir, int index) => Path.Combine(dir, SegmentFileName(index));

    public static string CheckpointName(string dir, int index) =>
        Path.Combine(dir, WalFormat.CheckpointPrefix + index.ToString("D8", CultureInfo.InvariantCulture));

    /// <summary>
    /// The segments of <paramref name="dir"/> in index order. Names that are not numbers are ignored; a gap in the
    /// sequence is an error, as in Prometheus.
    /// </summary>
    public static IReadOnlyList<SegmentRef> ListSegments(string dir)
    {
        if (!Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException($"WAL directory {dir} does not exist");
        }

        var refs = new List<SegmentRef>();
        foreach (var path in Directory.EnumerateFiles(dir))
        {
            var name = Path.GetFileName(path);
            if (name.Length == 0 || !name.All(char.IsAsciiDigit))
            {
                continue;
            }

            if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                refs.Add(new SegmentRef(path, index));
            }
        }

        refs.Sort(static (a, b) => a.Index.CompareTo(b.Index));
        for (var i = 1; i < refs.Count; i++)
        {
            if (refs[i - 1].Index + 1 != refs[i].Index)
            {
                throw new IOException($"segments are not sequential in {dir}: {refs[i - 1].Index} then {refs[i].Index}");
            }
        }

        return refs;
    }

    /// <summary>The first and last segment index, or (-1, -1) when there is none.</summary>
    public static (int First, int Last) Segments(string dir)
    {
        var refs = ListSegments(dir);
        return refs.Count == 0 ? (-1, -1) : (refs[0].Index, refs[^1].Index);
    }

    /// <summary>The newest checkpoint directory and its index, or null when there is none.</summary>
    public static (string Path, int Index)? LastCheckpoint(string dir)
    {
        (string, int)? last = null;
        foreach (var (path, index) in ListCheckpoints(dir))
        {
            if (last is null || index > last.Value.Item2)
            {
                last = (path, index);
            }
        }

        return last;
    }

    /// <summary>Deletes every checkpoint with an index below <paramref name="maxIndex"/>.</summary>
    public static void DeleteCheckpoints(string dir, int maxIndex)
    {
        foreach (var (path, index) in ListCheckpoints(dir))
        {
            if (index < maxIndex)
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }

    private static List<(string Path, int Index)> ListCheckpoints(string dir)
    {
        var result = new List<(string, int)>();
        foreach (var path in Directory.EnumerateDirectories(dir, WalFormat.CheckpointPrefix + "*"))
        {
            var suffix = Path.GetFileName(path)[WalFormat.CheckpointPrefix.Length..];
            if (suffix.Length > 0 && suffix.All(char.IsAsciiDigit)
                && int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                result.Add((path, index));
            }
        }

        result.Sort(static (a, b) => a.Item2.CompareTo(b.Item2));
        return result;
    }
}
