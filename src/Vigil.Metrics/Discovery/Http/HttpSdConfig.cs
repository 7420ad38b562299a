using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Discovery.Http;

/// <summary>One <c>http_sd_configs</c> entry (Prometheus <c>discovery/http.SDConfig</c>); the HTTP client settings are inlined.</summary>
public sealed class HttpSdConfig : HttpClientConfig
{
    public static readonly PromDuration DefaultRefreshInterval = PromDuration.FromSeconds(60);

    [YamlMember(Alias = "refresh_interval", Order = 160)]
    [OmitEmpty]
    public PromDuration RefreshInterval { get; set; } = DefaultRefreshInterval;

    [YamlMember(Alias = "url", Order = 161)]
    public string Url { get; set; } = string.Empty;

    /// <summary>Prometheus' decode-time checks, in its order and words.</summary>
    public void Validate(List<string> errors)
    {
        if (string.IsNullOrEmpty(Url))
        {
            errors.Add("URL is missing");
        }
        else if (ConfigUrl.Check(Url) is { } parseError)
        {
            errors.Add(parseError);
        }
        else
        {
            var scheme = Url.IndexOf("://", StringComparison.Ordinal);
            var schemeName = scheme < 0 ? string.Empty : Url[..scheme];
            if (schemeName is not ("http" or "https"))
            {
                errors.Add("URL scheme must be 'http' or 'https'");
            }
            else if (scheme + 3 >= Url.Length || Url[scheme + 3] is '/' or '?' or '#')
            {
                errors.Add("host is missing in URL");
            }
        }

        ValidateHttpClient(errors);
    }
}
