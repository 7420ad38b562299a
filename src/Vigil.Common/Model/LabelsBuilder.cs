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

    /// <summary>Number of labels currently staged.</summary>
    public int Count => _labels.Count;

    /// <summary>Empties the builder.</summary>
    public LabelsBuilder Reset()
    {
        _labels.Clear();
        return this;
    }

    /// <summary>Appends without checking for an existing name: the parsers use it so duplicates survive to validation.</summary>
    public LabelsBuilder Add(string name, string value)
    {
        _labels.Add(new Label(name, value));
        return this;
    }

    /// <summary>Copies the staged labels (in staging order) into <paramref name="destination"/>.</summary>
    public void CopyTo(Label[] destination) => _labels.CopyTo(destination);

    /// <summary>A snapshot of the staged labels (in staging order), for callers that mutate while iterating.</summary>
    public Label[] ToArray() => [.. _labels];

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
        for (var i = _labels.Count - 1; i >= 0; i--)
        {
            if (_labels[i].Name == name)
            {
                _labels.RemoveAt(i);
            }
        }

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
        if (_labels.Count == 0)
        {
            return Labels.Empty;
        }

        var array = _labels.ToArray();
        Labels.SortByName(array);
        return Labels.FromSortedUnchecked(array);
    }
}
