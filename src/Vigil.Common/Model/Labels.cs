using System.Collections;
using System.IO.Hashing;
using System.Text;

namespace Vigil.Common.Model;

/// <summary>
/// An immutable label set sorted by name (ordinal order, which for UTF-8 equals Prometheus' byte order on the
/// legal name alphabet), with a stable 64-bit hash. Equal sets have equal hashes across processes and versions:
/// the hash is part of on-disk and sharding contracts.
/// </summary>
/// <remarks>
/// Storage is one array of (name, value) reference pairs: no object per label. The strings themselves are meant to
/// be shared between sets through a <see cref="StringInterner"/> (the text parsers do this), so a series costs its
/// array and nothing else; a single packed string per set would duplicate every repeated value instead.
/// </remarks>
public sealed class Labels : IEquatable<Labels>, IReadOnlyList<Label>
{
    private readonly Label[] _labels;

    // 0 means "not computed yet" (a set whose hash really is 0 just computes it each time): no flag field, so the
    // object is 8 bytes smaller, which counts at one label set per series. A 64-bit write is atomic on 64-bit targets.
    private ulong _hash;

    private Labels(Label[] sorted)
    {
        _labels = sorted;
    }

    public static Labels Empty { get; } = new([]);

    public int Count => _labels.Length;

    public Label this[int index] => _labels[index];

    /// <summary>Builds a set from name/value pairs in any order; empty values are dropped; the last duplicate wins.</summary>
    public static Labels FromStrings(params string[] nameValues)
    {
        if (nameValues.Length % 2 != 0)
        {
            throw new ArgumentException("name/value pairs expected", nameof(nameValues));
        }

        var builder = new LabelsBuilder();
        for (var i = 0; i < nameValues.Length; i += 2)
        {
            builder.Set(nameValues[i], nameValues[i + 1]);
        }

        return builder.Build();
    }

    /// <summary>Builds a set from pairs in any order, keeping duplicates (so that validation can reject them).</summary>
    public static Labels FromUnsorted(IEnumerable<Label> labels)
    {
        var array = labels.ToArray();
        if (array.Length == 0)
        {
            return Empty;
        }

        SortByName(array);
        return new Labels(array);
    }

    /// <summary>Stable ordinal sort by name (insertion sort for the usual small sets).</summary>
    internal static void SortByName(Span<Label> labels)
    {
        if (labels.Length > 16)
        {
            // MemoryExtensions.Sort is introspective, not stable; duplicates keep no order guarantee there,
            // which is fine: sets with duplicate names are only built to be rejected.
            labels.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            return;
        }

        for (var i = 1; i < labels.Length; i++)
        {
            var x = labels[i];
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(labels[j].Name, x.Name) > 0)
            {
                labels[j + 1] = labels[j];
                j--;
            }

            labels[j + 1] = x;
        }
    }

    internal static Labels FromSortedUnchecked(Label[] sorted) => sorted.Length == 0 ? Empty : new Labels(sorted);

    /// <summary>The value of <paramref name="name"/>, or the empty string when absent.</summary>
    public string Get(string name)
    {
        foreach (var l in _labels)
        {
            if (l.Name == name)
            {
                return l.Value;
            }
        }

        return string.Empty;
    }

    public bool Has(string name)
    {
        foreach (var l in _labels)
        {
            if (l.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when two labels share a name (the set came from <see cref="FromUnsorted"/>).</summary>
    public bool HasDuplicateNames()
    {
        for (var i = 1; i < _labels.Length; i++)
        {
            if (_labels[i].Name == _labels[i - 1].Name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Stable 64-bit hash: XXH64 (seed 0) over <c>name 0xff value 0xff</c> for each label in order, the same bytes
    /// and function as Prometheus' <c>labels.Labels.Hash</c>, so the two agree for the same set.
    /// </summary>
    public ulong Hash()
    {
        var hash = Volatile.Read(ref _hash);
        if (hash != 0)
        {
            return hash;
        }

        hash = ComputeHash(_labels);
        Volatile.Write(ref _hash, hash);
        return hash;
    }

    /// <summary>The labels as a span, for loops that must not allocate an enumerator.</summary>
    public ReadOnlySpan<Label> AsSpan() => _labels;

    internal static ulong ComputeHash(ReadOnlySpan<Label> labels)
    {
        var size = 0;
        foreach (var l in labels)
        {
            size += Encoding.UTF8.GetMaxByteCount(l.Name.Length) + Encoding.UTF8.GetMaxByteCount(l.Value.Length) + 2;
        }

        byte[]? rented = null;
        var buffer = size <= 1024 ? stackalloc byte[1024] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(size));
        try
        {
            var n = 0;
            foreach (var l in labels)
            {
                n += Encoding.UTF8.GetBytes(l.Name, buffer[n..]);
                buffer[n++] = 0xff;
                n += Encoding.UTF8.GetBytes(l.Value, buffer[n..]);
                buffer[n++] = 0xff;
            }

            return XxHash64.HashToUInt64(buffer[..n]);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public bool Equals(Labels? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._labels.Length != _labels.Length)
        {
            return false;
        }

        var hash = Volatile.Read(ref _hash);
        var otherHash = Volatile.Read(ref other._hash);
        if (hash != 0 && otherHash != 0 && hash != otherHash)
        {
            return false;
        }

        for (var i = 0; i < _labels.Length; i++)
        {
            if (!string.Equals(_labels[i].Name, other._labels[i].Name, StringComparison.Ordinal)
                || !string.Equals(_labels[i].Value, other._labels[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as Labels);

    public override int GetHashCode() => (int)Hash();

    public IEnumerator<Label> GetEnumerator() => ((IEnumerable<Label>)_labels).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Prometheus notation: <c>{a="1", b="2"}</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("{");
        for (var i = 0; i < _labels.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(_labels[i].Name).Append("=\"");
            foreach (var c in _labels[i].Value)
            {
                _ = c switch
                {
                    '\\' => sb.Append("\\\\"),
                    '"' => sb.Append("\\\""),
                    '\n' => sb.Append("\\n"),
                    _ => sb.Append(c),
                };
            }

            sb.Append('"');
        }

        return sb.Append('}').ToString();
    }
}
