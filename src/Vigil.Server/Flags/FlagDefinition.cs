namespace Vigil.Server.Flags;

/// <summary>One command-line flag: its Go name (without dashes), kind, default and help text.</summary>
internal sealed record FlagDefinition(string Name, FlagKind Kind, string Default, string Help)
{
    /// <summary>True for flags Grafana Agent has that Vigil accepts so existing command lines keep working, but that change nothing.</summary>
    public bool Ignored { get; init; }
}
