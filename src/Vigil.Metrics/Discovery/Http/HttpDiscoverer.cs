using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Vigil.Common.Model;
using Vigil.Metrics.Discovery.File;
using Vigil.Metrics.RemoteWrite.Client;

namespace Vigil.Metrics.Discovery.Http;

/// <summary>
/// http_sd_configs: GETs the URL every refresh_interval and expects Prometheus' HTTP SD format (a JSON list of
/// <c>{targets, labels}</c> served as application/json with status 200). Any failure keeps the last good groups and is
/// counted in <c>prometheus_sd_http_failures_total</c>. Groups get the source <c>url:index</c> and <c>__meta_url</c>.
/// </summary>
internal sealed partial class HttpDiscoverer : IDiscoverer, IDisposable
{
    public const string UrlLabel = "__meta_url";

    private readonly HttpSdConfig _config;
    private readonly DiscoveryMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HttpClient _client;
    private readonly AuthorizationProvider _authorization;
    private readonly TimeSpan _refreshInterval;
    private IReadOnlyList<TargetGroup>? _published;

    public HttpDiscoverer(HttpSdConfig config, DiscoveryMetrics metrics, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _refreshInterval = config.RefreshInterval.Value > TimeSpan.Zero ? config.RefreshInterval.Value : HttpSdConfig.DefaultRefreshInterval.Value;
        var handler = HttpHandlerFactory.Create(config.TlsConfig ?? new(), config, config.FollowRedirects);
        _client = new HttpClient(handler) { Timeout = _refreshInterval };
        _authorization = new AuthorizationProvider(config, time);
    }

    public async Task RunAsync(Action<IReadOnlyList<TargetGroup>> publish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publish);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await RefreshAsync(publish, cancellationToken).ConfigureAwait(false);
                await Task.Delay(_refreshInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the owner.
        }
    }

    /// <summary>One fetch; returns false (and keeps the previous groups) when it failed.</summary>
    internal async Task<bool> RefreshAsync(Action<IReadOnlyList<TargetGroup>> publish, CancellationToken cancellationToken)
    {
        IReadOnlyList<TargetGroup> groups;
        try
        {
            groups = await FetchAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or FormatException or IOException ||
                                  (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _metrics.HttpFailures.Inc();
            _logger.LogError(e, "Unable to refresh target groups from {Url}, keeping the last good ones: {Error}", _config.Url, e.Message);
            return false;
        }

        if (_published is null || !_published.SequenceEqual(groups))
        {
            _published = groups;
            publish(groups);
        }

        return true;
    }

    public void Dispose()
    {
        _client.Dispose();
        _authorization.Dispose();
    }

    private async Task<IReadOnlyList<TargetGroup>> FetchAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _config.Url);
        request.Headers.TryAddWithoutValidation("User-Agent", WriteHeaders.UserAgent);
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Headers.TryAddWithoutValidation(
            "X-Prometheus-Refresh-Interval-Seconds", _refreshInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        request.Headers.Authorization = await _authorization.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!_config.EnableHttp2)
        {
            request.Version = HttpVersion.Version11;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException(
                $"server returned HTTP status {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }

        var contentType = response.Content.Headers.TryGetValues("Content-Type", out var values) ? string.Join(",", values) : string.Empty;
        if (!JsonContentType().IsMatch(contentType))
        {
            throw new FormatException($"unsupported content type \"{contentType}\"");
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var raw = TargetGroupFileDecoder.DecodeJson(text);
        var groups = new List<TargetGroup>(raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            var (targets, labels) = raw[i];
            var builder = new LabelsBuilder(Static.StaticDiscoverer.ToLabels(labels)).Set(UrlLabel, _config.Url);
            groups.Add(TargetGroup.FromAddresses(_config.Url + ":" + i.ToString(CultureInfo.InvariantCulture), targets, builder.Build()));
        }

        return groups;
    }

    [GeneratedRegex("^application/json(;.*)?$")]
    private static partial Regex JsonContentType();
}
