namespace Vigil.Common.Model;

/// <summary>One label pair. Names and values are UTF-8 text; an empty value means the label is absent.</summary>
public readonly record struct Label(string Name, string Value)
{
    /// <summary>The label that holds the metric name.</summary>
    public const string MetricName = "__name__";

    public override string ToString() => $"{Name}=\"{Value}\"";
}
