using System.Buffers;
using System.Text;

namespace Vigil.Common.Model;

/// <summary>
/// Shares one string instance per distinct label name or value, so that thousands of series with
/// <c>job="node"</c> hold one "node" between them. Lookups from UTF-8 bytes allocate nothing on a hit.
/// Thread-safe only when built <c>synchronized</c> (a lock per lookup: meant for sharing between the scrape loops of
/// one job, which look strings up only for series they have not seen before). Bounded: once <see cref="MaxEntries"/>
/// distinct strings are held the table is cleared, so a hostile page cannot grow it without limit.
/// </summary>
public sealed class StringInterner
{
    private const int StackChars = 256;
    private readonly Dictionary<string, string> _table = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Lock? _lock;

    public StringInterner(int maxEntries = 1 << 20, bool synchronized = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        MaxEntries = maxEntries;
        _lookup = _table.GetAlternateLookup<ReadOnlySpan<char>>();
        _lock = synchronized ? new Lock() : null;
    }

    public int MaxEntries { get; }

    public int Count
    {
        get
        {
            if (_lock is null)
            {
                return _table.Count;
            }

            lock (_lock)
            {
                return _table.Count;
            }
        }
    }

    /// <summary>Returns the shared instance for <paramref name="text"/>.</summary>
    public string Intern(string text)
    {
        if (text.Length == 0)
        {
            return string.Empty;
        }

        if (_lock is not null)
        {
            lock (_lock)
            {
                return InternLocked(text);
            }
        }

        return InternLocked(text);
    }

    /// <summary>Decodes <paramref name="utf8"/> and returns the shared instance; no allocation when already present.</summary>
    public string Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        char[]? rented = null;
        var chars = utf8.Length <= StackChars
            ? stackalloc char[StackChars]
            : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            var n = Encoding.UTF8.GetChars(utf8, chars);
            return Intern(chars[..n]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Returns the shared instance for <paramref name="chars"/>; no allocation when already present.</summary>
    public string Intern(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            return string.Empty;
        }

        if (_lock is not null)
        {
            lock (_lock)
            {
                return InternLocked(chars);
            }
        }

        return InternLocked(chars);
    }

    private string InternLocked(string text)
    {
        if (_table.TryGetValue(text, out var existing))
        {
            return existing;
        }

        Add(text);
        return text;
    }

    private string InternLocked(ReadOnlySpan<char> chars)
    {
        if (_lookup.TryGetValue(chars, out var existing))
        {
            return existing;
        }

        var s = chars.ToString();
        Add(s);
        return s;
    }

    private void Add(string s)
    {
        if (_table.Count >= MaxEntries)
        {
            // Dropping the table only costs sharing, never correctness: callers keep their strings.
            _table.Clear();
        }

        _table[s] = s;
    }
}
