using System.Collections;
using System.IO.Hashing;
using System.Text;

namespace Vigil.Common.Model;

/// <summary>
/// An immutable label set sorted by name (ordinal byte order, as Prometheus sorts), with a stable 64-bit hash.
/// Equal sets have equal hashes across processes and versions: the hash is part of on-disk and sharding contracts.
/// </summary>
public sealed class Labels : IEquatable<Labels>, IReadOnlyList<Label>
{
    private readonly Label[] _labels;
    private ulong _hash;
    private bool _hashed;

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
        Array.Sort(array, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new Labels(array);
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

    /// <summary>Stable 64-bit hash: XxHash64 over name 0xff value 0xff ..., as Prometheus' Labels.Hash.</summary>
    public ulong Hash()
    {
        if (_hashed)
        {
            return _hash;
        }

        var hasher = new XxHash64();
        Span<byte> sep = [0xff];
        foreach (var l in _labels)
        {
            hasher.Append(Encoding.UTF8.GetBytes(l.Name));
            hasher.Append(sep);
            hasher.Append(Encoding.UTF8.GetBytes(l.Value));
            hasher.Append(sep);
        }

        _hash = hasher.GetCurrentHashAsUInt64();
        _hashed = true;
        return _hash;
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

        for (var i = 0; i < _labels.Length; i++)
        {
            if (_labels[i] != other._labels[i])
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
