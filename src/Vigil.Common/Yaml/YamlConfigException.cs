namespace Vigil.Common.Yaml;

/// <summary>A config document that cannot be decoded; the message names the line and the reason, never a stack trace.</summary>
public sealed class YamlConfigException : Exception
{
    public YamlConfigException(string message, long line = 0, Exception? inner = null)
        : base(message, inner)
    {
        Line = line;
    }

    /// <summary>1-based line of the offending node, or 0 when unknown.</summary>
    public long Line { get; }
}
