namespace Vigil.Common.Model;

/// <summary>Mutable staging area for a label set: set, delete, then build a sorted immutable <see cref="Labels"/>.</summary>
public sealed class LabelsBuilder
{
    private readonly List<Label> _labels = [];

    public LabelsBuilder()
    {
    }

    public LabelsBuilder(Labels from)
    {
        Reset(from);
    }

    public LabelsBuilder Reset(Labels from)
    {
        _labels.Clear();
        _labels.AddRange(from);
        return this;
    }

    /// <summary>Sets <paramref name="name"/>; an empty value deletes it, as in Prometheus.</summary>
    public LabelsBuilder Set(string name, string value)
    {
        if (value.Length == 0)
        {
            return Del(name);
        }

        for (var i = 0; i < _labels.Count; i++)
        {
            if (_labels[i].Name == name)
            {
                _labels[i] = new Label(name, value);
                return this;
            }
        }

        _labels.Add(new Label(name, value));
        return this;
    }

    public LabelsBuilder Del(string name)
    {
        _labels.RemoveAll(l => l.Name == name);
        return this;
    }

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

    public Labels Build()
    {
        var array = _labels.ToArray();
        Array.Sort(array, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return Labels.FromSortedUnchecked(array);
    }
}
