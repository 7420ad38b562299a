namespace Vigil.Common.Yaml;

/// <summary>
/// A config value that must never be shown: <c>/-/config</c> and the config API print it as
/// <c>&lt;secret&gt;</c> (Prometheus <c>config.Secret</c>). The real value stays in memory and in the KV store.
/// </summary>
public sealed record Secret(string Value)
{
    public const string Mask = "<secret>";

    public override string ToString() => Mask;
}
