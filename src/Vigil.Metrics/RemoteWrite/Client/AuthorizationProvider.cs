using System.Net.Http.Headers;
using System.Text;
using Vigil.Metrics.Config;

namespace Vigil.Metrics.RemoteWrite.Client;

/// <summary>
/// The Authorization header of a remote_write: basic_auth, authorization (type + credentials), the legacy
/// bearer_token(_file) when the config was not normalised by validation, or an OAuth 2.0 client-credentials token.
/// </summary>
internal sealed class AuthorizationProvider : IDisposable
{
    private readonly HttpClientConfig _config;
    private readonly OAuth2TokenSource? _oauth2;

    public AuthorizationProvider(HttpClientConfig config, TimeProvider time)
    {
        _config = config;
        if (config.OAuth2 is { } oauth2)
        {
            var handler = HttpHandlerFactory.Create(oauth2.TlsConfig ?? new TlsConfig(), oauth2, followRedirects: true);
            _oauth2 = new OAuth2TokenSource(oauth2, new HttpClient(handler), time);
        }
    }

    public async ValueTask<AuthenticationHeaderValue?> GetAsync(CancellationToken cancellationToken)
    {
        if (_config.BasicAuth is { } basic)
        {
            var user = SecretReader.Read(basic.Username, basic.UsernameFile);
            var password = SecretReader.Read(basic.Password, basic.PasswordFile);
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        }

        if (_config.Authorization is { } authorization)
        {
            var type = string.IsNullOrWhiteSpace(authorization.Type) ? Authorization.DefaultType : authorization.Type.Trim();
            var credentials = SecretReader.Read(authorization.Credentials, authorization.CredentialsFile);
            return new AuthenticationHeaderValue(type, credentials);
        }

        if (!string.IsNullOrEmpty(_config.BearerToken?.Value) || !string.IsNullOrEmpty(_config.BearerTokenFile))
        {
            return new AuthenticationHeaderValue(Authorization.DefaultType, SecretReader.Read(_config.BearerToken, _config.BearerTokenFile));
        }

        if (_oauth2 is not null)
        {
            return await _oauth2.GetAsync(cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    public void Dispose() => _oauth2?.Dispose();
}
