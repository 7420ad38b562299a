using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Vigil.Common.Model;
using Vigil.Common.Time;
using Vigil.Metrics.Discovery.Targets;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// A target a pool scrapes (Prometheus <c>scrape.Target</c>): its full labels, the URL built from them, the identity
/// hash (labels and URL) that keys its loop, and the per-target interval and timeout from <c>__scrape_*__</c> labels.
/// </summary>
internal sealed class ActiveTarget
{
    private volatile Labels _discoveredLabels;

    public ActiveTarget(ScrapeTarget target, ScrapeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(settings);
        Labels = target.Labels;
        _discoveredLabels = target.DiscoveredLabels;
        PublicLabels = Labels.FromUnsorted(target.Labels.Where(l => !l.Name.StartsWith("__", StringComparison.Ordinal)));
        Url = BuildUrl(target.Labels, settings.Params);
        Hash = ComputeHash(target.Labels, Url);

        // As Prometheus' intervalAndTimeout: a label that does not parse keeps the config's value and fails every scrape.
        var interval = settings.Interval;
        var timeout = settings.Timeout;
        ConfigError = LabelDuration(target.Labels, TargetBuilder.ScrapeIntervalLabel, "interval", ref interval)
            ?? LabelDuration(target.Labels, TargetBuilder.ScrapeTimeoutLabel, "timeout", ref timeout);
        Interval = interval;
        Timeout = timeout;
    }

    /// <summary>All labels, <c>__address__</c> and the other <c>__</c> labels included.</summary>
    public Labels Labels { get; }

    /// <summary>The labels without the <c>__</c>-prefixed ones: what is attached to every scraped sample.</summary>
    public Labels PublicLabels { get; }

    /// <summary>The newest discovered labels: a later sync may refresh them for the same target.</summary>
    public Labels DiscoveredLabels
    {
        get => _discoveredLabels;
        set => _discoveredLabels = value;
    }

    public string Url { get; }

    public ulong Hash { get; }

    public TimeSpan Interval { get; }

    public TimeSpan Timeout { get; }

    /// <summary>Set when an interval or timeout label is invalid: every scrape fails with it.</summary>
    public string? ConfigError { get; }

    /// <summary>
    /// Prometheus' <c>Target.offset</c>: the wait before the first scrape, so that targets spread over the interval
    /// and a target keeps the same phase across restarts.
    /// </summary>
    public TimeSpan Offset(TimeSpan interval, ulong jitterSeed, DateTimeOffset now)
    {
        var period = interval.Ticks;
        if (period <= 0)
        {
            return TimeSpan.Zero;
        }

        var nowTicks = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var baseTicks = period - (nowTicks % period);
        var offset = (long)((Hash ^ jitterSeed) % (ulong)period);
        var next = baseTicks + offset;
        if (next > period)
        {
            next -= period;
        }

        return TimeSpan.FromTicks(next);
    }

    /// <summary>Prometheus' <c>Target.URL</c>: scheme, address, metrics path; config params overridden by <c>__param_*</c>.</summary>
    internal static string BuildUrl(Labels labels, IReadOnlyDictionary<string, List<string>> configParams)
    {
        var query = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, values) in configParams)
        {
            query[name] = [.. values];
        }

        foreach (var label in labels.AsSpan())
        {
            if (!label.Name.StartsWith(TargetBuilder.ParamLabelPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = label.Name[TargetBuilder.ParamLabelPrefix.Length..];
            if (query.TryGetValue(name, out var values) && values.Count > 0)
            {
                values[0] = label.Value;
            }
            else
            {
                query[name] = [label.Value];
            }
        }

        var sb = new StringBuilder();
        sb.Append(labels.Get(TargetBuilder.SchemeLabel)).Append("://").Append(labels.Get(TargetBuilder.AddressLabel));
        var path = labels.Get(TargetBuilder.MetricsPathLabel);
        if (path.Length > 0 && path[0] != '/')
        {
            sb.Append('/');
        }

        sb.Append(path);
        var first = true;
        foreach (var (name, values) in query)
        {
            foreach (var value in values)
            {
                sb.Append(first ? '?' : '&').Append(QueryEscape(name)).Append('=').Append(QueryEscape(value));
                first = false;
            }
        }

        return sb.ToString();
    }

    /// <summary>Go's <c>url.QueryEscape</c>: unreserved characters kept, space as '+', the rest percent-encoded.</summary>
    private static string QueryEscape(string s) => Uri.EscapeDataString(s).Replace("%20", "+", StringComparison.Ordinal);

    private static ulong ComputeHash(Labels labels, string url)
    {
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, labels.Hash());
        var hash = new XxHash64();
        hash.Append(prefix);
        hash.Append(Encoding.UTF8.GetBytes(url));
        return hash.GetCurrentHashAsUInt64();
    }

    private static string? LabelDuration(Labels labels, string label, string what, ref TimeSpan value)
    {
        var text = labels.Get(label);
        if (text.Length == 0)
        {
            return null;
        }

        if (!GoDuration.TryParseProm(text, out var parsed, out var parseError))
        {
            return $"error parsing {what} label \"{text}\": {parseError}";
        }

        value = parsed;
        return null;
    }
}
