using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Config;

/// <summary>
/// The HTTP client settings (prometheus/common <c>config.HTTPClientConfig</c>) that Go inlines into scrape_config,
/// remote_write and http_sd_configs. Those blocks derive from this class; the <c>Order</c> values place these keys where Go
/// writes them (after the block's own leading fields).
/// </summary>
public class HttpClientConfig : ProxyConfig
{
    [YamlMember(Alias = "basic_auth", Order = 140)]
    [OmitEmpty]
    public BasicAuth? BasicAuth { get; set; }

    [YamlMember(Alias = "authorization", Order = 141)]
    [OmitEmpty]
    public Authorization? Authorization { get; set; }

    [YamlMember(Alias = "oauth2", Order = 142)]
    [OmitEmpty]
    public OAuth2Config? OAuth2 { get; set; }

    [YamlMember(Alias = "bearer_token", Order = 143)]
    [OmitEmpty]
    public Secret? BearerToken { get; set; }

    [YamlMember(Alias = "bearer_token_file", Order = 144)]
    [OmitEmpty]
    public string BearerTokenFile { get; set; } = string.Empty;

    [YamlMember(Alias = "tls_config", Order = 145)]
    [OmitEmpty]
    public TlsConfig TlsConfig { get; set; } = new();

    // Not omitempty in Go, so that an explicit false stays visible in /-/config.
    [YamlMember(Alias = "follow_redirects", Order = 146)]
    public bool FollowRedirects { get; set; } = true;

    [YamlMember(Alias = "enable_http2", Order = 147)]
    public bool EnableHttp2 { get; set; } = true;

    /// <summary>
    /// Prometheus' <c>HTTPClientConfig.Validate</c>, in its order and words. Like Go it also moves a legacy
    /// <c>bearer_token</c>/<c>bearer_token_file</c> into <c>authorization</c> (type Bearer).
    /// </summary>
    public void ValidateHttpClient(List<string> errors)
    {
        var hasToken = !string.IsNullOrEmpty(BearerToken?.Value);
        var hasTokenFile = !string.IsNullOrEmpty(BearerTokenFile);
        if (hasToken && hasTokenFile)
        {
            errors.Add("at most one of bearer_token & bearer_token_file must be configured");
        }

        if ((BasicAuth is not null || OAuth2 is not null) && (hasToken || hasTokenFile))
        {
            errors.Add("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
        }

        if (BasicAuth is not null)
        {
            if (!string.IsNullOrEmpty(BasicAuth.Username) && !string.IsNullOrEmpty(BasicAuth.UsernameFile))
            {
                errors.Add("at most one of basic_auth username & username_file must be configured");
            }

            if (!string.IsNullOrEmpty(BasicAuth.Password?.Value) && !string.IsNullOrEmpty(BasicAuth.PasswordFile))
            {
                errors.Add("at most one of basic_auth password & password_file must be configured");
            }
        }

        if (Authorization is not null)
        {
            if (hasToken || hasTokenFile)
            {
                errors.Add("authorization is not compatible with bearer_token & bearer_token_file");
            }

            if (!string.IsNullOrEmpty(Authorization.Credentials?.Value) && !string.IsNullOrEmpty(Authorization.CredentialsFile))
            {
                errors.Add("at most one of authorization credentials & credentials_file must be configured");
            }

            Authorization.Type = (Authorization.Type ?? string.Empty).Trim();
            if (Authorization.Type.Length == 0)
            {
                Authorization.Type = Authorization.DefaultType;
            }

            if (string.Equals(Authorization.Type, "basic", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add("authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
            }

            if (BasicAuth is not null || OAuth2 is not null)
            {
                errors.Add("at most one of basic_auth, oauth2 & authorization must be configured");
            }
        }
        else if (hasToken)
        {
            Authorization = new Authorization { Type = Authorization.DefaultType, Credentials = BearerToken };
            BearerToken = null;
        }
        else if (hasTokenFile)
        {
            Authorization = new Authorization { Type = Authorization.DefaultType, CredentialsFile = BearerTokenFile };
            BearerTokenFile = string.Empty;
        }

        if (OAuth2 is not null)
        {
            if (BasicAuth is not null)
            {
                errors.Add("at most one of basic_auth, oauth2 & authorization must be configured");
            }

            if (string.IsNullOrEmpty(OAuth2.ClientId))
            {
                errors.Add("oauth2 client_id must be configured");
            }

            if (string.IsNullOrEmpty(OAuth2.TokenUrl))
            {
                errors.Add("oauth2 token_url must be configured");
            }

            if (!string.IsNullOrEmpty(OAuth2.ClientSecret?.Value) && !string.IsNullOrEmpty(OAuth2.ClientSecretFile))
            {
                errors.Add("at most one of oauth2 client_secret & client_secret_file must be configured");
            }

            OAuth2.TlsConfig?.Validate(errors);
            OAuth2.ValidateProxy(errors);
        }

        TlsConfig?.Validate(errors);
        ValidateProxy(errors);
    }
}
