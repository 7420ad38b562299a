namespace Vigil.Common.Yaml;

/// <summary>
/// A URL config value (Prometheus <c>config.URL</c>): kept as written, so <c>/-/config</c> prints it back unchanged, except
/// that a password in its user info is shown as <c>xxxxx</c> when secrets are scrubbed.
/// </summary>
public sealed record ConfigUrl(string Value)
{
    public const string RedactedPassword = "xxxxx";

    /// <summary>The URL with the password of its user info (if any) replaced by <c>xxxxx</c>.</summary>
    public string Redacted()
    {
        var scheme = Value.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return Value;
        }

        var authorityStart = scheme + 3;
        var authorityEnd = Value.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = Value.Length;
        }

        var at = Value.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        if (at < 0)
        {
            return Value;
        }

        var colon = Value.IndexOf(':', authorityStart, at - authorityStart);
        return colon < 0 ? Value : string.Concat(Value.AsSpan(0, colon + 1), RedactedPassword, Value.AsSpan(at));
    }

    /// <summary>Checks the text the way Go's <c>url.Parse</c> rejects it; null when it parses.</summary>
    public static string? Check(string text)
    {
        foreach (var c in text)
        {
            if (c < 0x20 || c == 0x7f)
            {
                return $"parse \"{text}\": net/url: invalid control character in URL";
            }
        }

        if (text.StartsWith(':'))
        {
            return $"parse \"{text}\": missing protocol scheme";
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && (i + 2 >= text.Length || !Uri.IsHexDigit(text[i + 1]) || !Uri.IsHexDigit(text[i + 2])))
            {
                var bad = text.Substring(i, Math.Min(3, text.Length - i));
                return $"parse \"{text}\": invalid URL escape \"{bad}\"";
            }
        }

        return null;
    }

    public override string ToString() => Redacted();
}
