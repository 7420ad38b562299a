namespace Vigil.Metrics.TextParse;

/// <summary>Why a page was rejected: the 1-based line and the reason. One error fails the whole scrape.</summary>
internal sealed record ParseError(int Line, string Reason)
{
    public override string ToString() => $"line {Line}: {Reason}";
}
