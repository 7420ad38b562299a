using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigil.Metrics.RemoteWrite.Watcher;

/// <summary>
/// Reads and writes one queue's savepoint: a small JSON file <c>{"version":1,"segment":N,"offset":M}</c> in
/// <c>&lt;wal dir&gt;/../remote/&lt;queue&gt;.savepoint</c>. Writes are atomic: a temporary file is written and fsynced,
/// then renamed over the old one, and the directory is fsynced so the rename survives a crash.
/// </summary>
internal sealed class SavepointStore
{
    public const int Version = 1;

    public SavepointStore(string walDir, string queueName)
    {
        var remote = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(walDir).TrimEnd(Path.DirectorySeparatorChar)) ?? walDir, "remote");
        FilePath = Path.Combine(remote, FileName(queueName));
    }

    public string FilePath { get; }

    /// <summary>The stored position, or null when there is none. An unreadable file is an error, not "start at now".</summary>
    public WalPosition? Read()
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(FilePath);
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            var version = root.GetProperty("version").GetInt32();
            if (version != Version)
            {
                throw new InvalidDataException($"savepoint {FilePath}: unsupported version {version.ToString(CultureInfo.InvariantCulture)}");
            }

            var segment = root.GetProperty("segment").GetInt32();
            var offset = root.GetProperty("offset").GetInt64();
            if (segment < 0 || offset < 0)
            {
                throw new InvalidDataException($"savepoint {FilePath}: negative position");
            }

            return new WalPosition(segment, offset);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"savepoint {FilePath}: {e.Message}", e);
        }
    }

    public void Write(WalPosition position)
    {
        var dir = Path.GetDirectoryName(FilePath)!;
        Directory.CreateDirectory(dir);
        var json = string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"version\":{Version},\"segment\":{position.Segment},\"offset\":{position.Offset}}}\n");
        var tmp = FilePath + ".tmp";
        using (var file = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(Encoding.UTF8.GetBytes(json));
            file.Flush(flushToDisk: true);
        }

        File.Move(tmp, FilePath, overwrite: true);
        DirectorySync.Sync(dir);
    }

    // Queue names come from configuration; anything but a safe file-name character becomes '_'.
    private static string FileName(string queueName)
    {
        var builder = new StringBuilder(queueName.Length + 10);
        foreach (var c in queueName)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        if (builder.Length == 0 || builder.ToString() is "." or "..")
        {
            builder.Insert(0, "queue");
        }

        return builder.Append(".savepoint").ToString();
    }
}
