using System.Text;
using System.Text.RegularExpressions;

namespace Vigil.Metrics.Discovery.File;

/// <summary>
/// A file_sd path: a directory and a last element that may hold Go <c>filepath.Match</c> wildcards (<c>*</c>, <c>?</c>,
/// <c>[...]</c>, <c>\</c> escapes). .NET's own search patterns differ (no classes), hence the translation to a regex.
/// </summary>
internal sealed class GlobPattern
{
    private readonly Regex _name;

    public GlobPattern(string pattern)
    {
        Pattern = pattern;
        var directory = Path.GetDirectoryName(pattern);
        Directory = string.IsNullOrEmpty(directory) ? "." : directory;
        DirectoryPrefix = string.IsNullOrEmpty(directory) ? string.Empty : directory;
        _name = new Regex(Translate(Path.GetFileName(pattern)), RegexOptions.CultureInvariant);
    }

    public string Pattern { get; }

    /// <summary>The directory to list and watch.</summary>
    public string Directory { get; }

    private string DirectoryPrefix { get; }

    /// <summary>The matching files, sorted as Go's <c>filepath.Glob</c> returns them; none when the directory is missing.</summary>
    public IEnumerable<string> Match()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return System.IO.Directory.EnumerateFiles(Directory)
            .Select(Path.GetFileName)
            .Where(n => n is not null && _name.IsMatch(n))
            .Select(n => DirectoryPrefix.Length == 0 ? n! : Path.Combine(DirectoryPrefix, n!))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static string Translate(string glob)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '\\' when i + 1 < glob.Length:
                    sb.Append(Regex.Escape(glob[++i].ToString()));
                    break;
                case '[':
                    var end = glob.IndexOf(']', i + 1);
                    if (end < 0)
                    {
                        sb.Append(@"\[");
                        break;
                    }

                    var body = glob[(i + 1)..end];
                    var negate = body.StartsWith('^');
                    if (negate)
                    {
                        body = body[1..];
                    }

                    sb.Append('[').Append(negate ? "^" : string.Empty).Append(body.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("[", @"\[", StringComparison.Ordinal)).Append(']');
                    i = end;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return sb.Append('$').ToString();
    }
}
