using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Vigil.Metrics.Config;

namespace Vigil.Metrics.RemoteWrite.Client;

/// <summary>
/// Builds the socket handler for an HTTP client config: tls_config (ca, client certificate, server_name,
/// insecure_skip_verify, min/max version), proxy_url with no_proxy, proxy_from_environment, and follow_redirects.
/// Certificate files are read when the handler is built, i.e. on (re)configuration.
/// </summary>
internal static class HttpHandlerFactory
{
    public static SocketsHttpHandler Create(TlsConfig tls, ProxyConfig proxy, bool followRedirects)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = followRedirects,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            AutomaticDecompression = DecompressionMethods.None,
        };

        if (proxy.ProxyFromEnvironment)
        {
            handler.UseProxy = true;
        }
        else if (!string.IsNullOrEmpty(proxy.ProxyUrl?.Value))
        {
            handler.UseProxy = true;
            handler.Proxy = new NoProxyWebProxy(new Uri(proxy.ProxyUrl.Value), proxy.NoProxy);
        }
        else
        {
            // Go's clients ignore HTTP(S)_PROXY unless proxy_from_environment is set.
            handler.UseProxy = false;
        }

        ApplyTls(tls, handler.SslOptions);
        return handler;
    }

    private static void ApplyTls(TlsConfig tls, SslClientAuthenticationOptions ssl)
    {
        if (!string.IsNullOrEmpty(tls.ServerName))
        {
            ssl.TargetHost = tls.ServerName;
        }

        var protocols = Protocols(tls.MinVersion, tls.MaxVersion);
        if (protocols != SslProtocols.None)
        {
            ssl.EnabledSslProtocols = protocols;
        }

        var certPem = Pem(tls.Cert, tls.CertFile);
        var keyPem = Pem(tls.Key?.Value ?? string.Empty, tls.KeyFile);
        if (certPem.Length > 0 && keyPem.Length > 0)
        {
            ssl.ClientCertificates = [X509Certificate2.CreateFromPem(certPem, keyPem)];
        }

        var caPem = Pem(tls.Ca, tls.CaFile);
        X509Certificate2Collection? roots = null;
        if (caPem.Length > 0)
        {
            roots = [];
            roots.ImportFromPem(caPem);
        }

        if (tls.InsecureSkipVerify)
        {
            ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else if (roots is not null)
        {
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) => ValidateWithRoots(certificate, errors, roots);
        }
    }

    private static bool ValidateWithRoots(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static string Pem(string inline, string file) =>
        !string.IsNullOrEmpty(file) ? File.ReadAllText(file) : inline ?? string.Empty;

    private static SslProtocols Protocols(string min, string max)
    {
        if (string.IsNullOrEmpty(min) && string.IsNullOrEmpty(max))
        {
            return SslProtocols.None;
        }

        // Go's default minimum is TLS 1.2; versions below that are not offered by .NET on Linux anyway.
        var low = Rank(string.IsNullOrEmpty(min) ? "TLS12" : min);
        var high = Rank(string.IsNullOrEmpty(max) ? "TLS13" : max);
        var result = SslProtocols.None;
        if (low <= 12 && high >= 12)
        {
            result |= SslProtocols.Tls12;
        }

        if (low <= 13 && high >= 13)
        {
            result |= SslProtocols.Tls13;
        }

        return result;
    }

    private static int Rank(string version) => version switch
    {
        "TLS10" => 10,
        "TLS11" => 11,
        "TLS12" => 12,
        _ => 13,
    };
}
