namespace Vigil.Metrics.Config;

/// <summary>
/// The scraping service's guard against configs pushed over the API that make the agent read local files
/// (Grafana Agent <c>cluster/validation.go</c>, static-mode.md §2.4 step 2), skipped when
/// <c>dangerous_allow_reading_files</c> is set. Run after <see cref="InstanceConfig.ApplyDefaults"/> (which moves
/// <c>bearer_token_file</c> into <c>authorization.credentials_file</c>, as Go's decoder does). Beyond Go it also refuses
/// the OAuth2 secret and TLS files and <c>file_sd_configs</c>, the gaps static-mode.md §2.4 says a port should close.
/// </summary>
public static class NoFilesCheck
{
    /// <summary>The first violation in Go's order and words, or null when the config reads no files.</summary>
    public static string? Validate(InstanceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        for (var i = 0; i < config.RemoteWrite.Count; i++)
        {
            if (config.RemoteWrite[i] is { } rw && CheckHttp(rw) is { } error)
            {
                return $"failed to validate remote_write at index {i}: {error}";
            }
        }

        for (var i = 0; i < config.ScrapeConfigs.Count; i++)
        {
            if (config.ScrapeConfigs[i] is not { } sc)
            {
                continue;
            }

            if (CheckHttp(sc) is { } error)
            {
                return $"failed to validate scrape_config at index {i}: {error}";
            }

            // Go numbers the discovery configs in its own order: dns, file, http (static groups come last and never fail).
            var j = sc.DnsSdConfigs.Count;
            foreach (var file in sc.FileSdConfigs)
            {
                if (file is not null)
                {
                    return SdError(j, i, Message("file_sd_configs"));
                }

                j++;
            }

            foreach (var http in sc.HttpSdConfigs)
            {
                if (http is not null && CheckHttp(http) is { } sdError)
                {
                    return SdError(j, i, sdError);
                }

                j++;
            }
        }

        return null;
    }

    private static string SdError(int j, int i, string error) =>
        $"failed to validate service discovery at index {j} within scrape_config at index {i}: {error}";

    private static string? CheckHttp(HttpClientConfig c)
    {
        (string Name, bool Set)[] checks =
        [
            ("bearer_token_file", !string.IsNullOrEmpty(c.BearerTokenFile)),
            ("password_file", !string.IsNullOrEmpty(c.BasicAuth?.PasswordFile)),
            ("credentials_file", !string.IsNullOrEmpty(c.Authorization?.CredentialsFile)),
            ("ca_file", !string.IsNullOrEmpty(c.TlsConfig?.CaFile)),
            ("cert_file", !string.IsNullOrEmpty(c.TlsConfig?.CertFile)),
            ("key_file", !string.IsNullOrEmpty(c.TlsConfig?.KeyFile)),
            ("client_secret_file", !string.IsNullOrEmpty(c.OAuth2?.ClientSecretFile)),
            ("ca_file", !string.IsNullOrEmpty(c.OAuth2?.TlsConfig?.CaFile)),
            ("cert_file", !string.IsNullOrEmpty(c.OAuth2?.TlsConfig?.CertFile)),
            ("key_file", !string.IsNullOrEmpty(c.OAuth2?.TlsConfig?.KeyFile)),
        ];
        foreach (var (name, set) in checks)
        {
            if (set)
            {
                return Message(name);
            }
        }

        return null;
    }

    private static string Message(string field) => $"{field} must be empty unless dangerous_allow_reading_files is set";
}
