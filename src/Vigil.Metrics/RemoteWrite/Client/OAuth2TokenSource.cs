using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Vigil.Metrics.Config;

namespace Vigil.Metrics.RemoteWrite.Client;

/// <summary>
/// OAuth 2.0 client-credentials grant (RFC 6749 §4.4) as prometheus/common uses it: the client id and secret go in a
/// Basic header (form-encoded first, as golang.org/x/oauth2 does), <c>scopes</c> are space-joined, <c>endpoint_params</c> are
/// added to the form. The token is cached until 10 s before it expires (x/oauth2's expiry delta).
/// </summary>
internal sealed class OAuth2TokenSource : IDisposable
{
    private static readonly TimeSpan ExpiryDelta = TimeSpan.FromSeconds(10);

    private readonly OAuth2Config _config;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private AuthenticationHeaderValue? _token;
    private DateTimeOffset _expiry;

    public OAuth2TokenSource(OAuth2Config config, HttpClient http, TimeProvider time)
    {
        _config = config;
        _http = http;
        _time = time;
    }

    public async ValueTask<AuthenticationHeaderValue> GetAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is not null && _time.GetUtcNow() < _expiry)
            {
                return _token;
            }

            (_token, _expiry) = await FetchAsync(cancellationToken).ConfigureAwait(false);
            return _token;
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose()
    {
        _lock.Dispose();
        _http.Dispose();
    }

    private async Task<(AuthenticationHeaderValue Token, DateTimeOffset Expiry)> FetchAsync(CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (_config.Scopes is { Count: > 0 } scopes)
        {
            form.Add(new("scope", string.Join(' ', scopes)));
        }

        foreach (var (key, value) in _config.EndpointParams ?? [])
        {
            form.Add(new(key, value));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _config.TokenUrl) { Content = new FormUrlEncodedContent(form) };
        var secret = SecretReader.Read(_config.ClientSecret, _config.ClientSecretFile);
        var basic = Uri.EscapeDataString(_config.ClientId) + ":" + Uri.EscapeDataString(secret);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"oauth2: cannot fetch token: {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(body)}");
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var accessToken = root.TryGetProperty("access_token", out var at) ? at.GetString() : null;
        if (string.IsNullOrEmpty(accessToken))
        {
            throw new HttpRequestException("oauth2: server response missing access_token");
        }

        var type = root.TryGetProperty("token_type", out var tt) ? tt.GetString() : null;
        if (string.IsNullOrEmpty(type) || string.Equals(type, "bearer", StringComparison.OrdinalIgnoreCase))
        {
            type = "Bearer";
        }

        var expiry = DateTimeOffset.MaxValue;
        if (root.TryGetProperty("expires_in", out var ei))
        {
            var seconds = ei.ValueKind == JsonValueKind.Number
                ? ei.GetDouble()
                : double.Parse(ei.GetString() ?? "0", CultureInfo.InvariantCulture);
            if (seconds > 0)
            {
                expiry = _time.GetUtcNow() + TimeSpan.FromSeconds(seconds) - ExpiryDelta;
            }
        }

        return (new AuthenticationHeaderValue(type, accessToken), expiry);
    }

    private static string Truncate(string body) => body.Length <= 1024 ? body : body[..1024];
}
