namespace Vigil.Common.Yaml;

/// <summary>
/// A secret of a dskit block (dskit <c>flagext.Secret</c>: the consul <c>acl_token</c>, the etcd <c>password</c>). Grafana
/// Agent prints these as <c>********</c>, unlike Prometheus secrets (<c>&lt;secret&gt;</c>); dashboards and tests that read
/// <c>/-/config</c> see the same text from Vigil.
/// </summary>
public sealed record FlagSecret(string Value)
{
    public const string Mask = "********";

    public override string ToString() => Mask;
}
