using System.Globalization;
using Vigil.Common.Time;

namespace Vigil.LoadGen;

/// <summary>The command line of <c>vigil-loadgen</c>, validated.</summary>
internal sealed record LoadGenOptions
{
    public const string Usage =
        "usage: vigil-loadgen --url URL [--series N] [--samples-per-request N] [--connections N] [--rate SAMPLES_PER_S] " +
        "[--duration DURATION] [--timeout DURATION] [--metric-prefix PREFIX] [--receiver-pid PID]";

    public required Uri Url { get; init; }

    public int Series { get; init; } = 100_000;

    public int SamplesPerRequest { get; init; } = 2000;

    public int Connections { get; init; } = 4;

    /// <summary>Target samples per second over all connections; 0 sends flat out.</summary>
    public double Rate { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public string MetricPrefix { get; init; } = "loadgen";

    /// <summary>A local receiver process whose CPU time is reported per million accepted samples; 0 for none.</summary>
    public int ReceiverPid { get; init; }

    public static bool TryParse(IReadOnlyList<string> args, out LoadGenOptions? options, out string? error)
    {
        options = null;
        Uri? url = null;
        var series = 100_000;
        var samplesPerRequest = 2000;
        var connections = 4;
        var rate = 0d;
        var duration = TimeSpan.FromSeconds(20);
        var timeout = TimeSpan.FromSeconds(30);
        var prefix = "loadgen";
        var receiverPid = 0;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string name;
            string? value;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                name = arg[..eq];
                value = arg[(eq + 1)..];
            }
            else
            {
                name = arg;
                value = i + 1 < args.Count ? args[++i] : null;
            }

            if (value is null)
            {
                error = $"{name}: missing value";
                return false;
            }

            var ok = name switch
            {
                "--url" => TryParseUrl(value, out url),
                "--series" => TryParsePositive(value, out series),
                "--samples-per-request" => TryParsePositive(value, out samplesPerRequest),
                "--connections" => TryParsePositive(value, out connections),
                "--rate" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) && rate >= 0 && double.IsFinite(rate),
                "--duration" => TryParseDuration(value, out duration),
                "--timeout" => TryParseDuration(value, out timeout),
                "--metric-prefix" => TryParsePrefix(value, out prefix),
                "--receiver-pid" => TryParsePositive(value, out receiverPid),
                _ => (bool?)null,
            };
            if (ok is null)
            {
                error = $"unknown flag {name}";
                return false;
            }

            if (ok is false)
            {
                error = $"{name}: invalid value \"{value}\"";
                return false;
            }
        }

        if (url is null)
        {
            error = "--url is required";
            return false;
        }

        options = new LoadGenOptions
        {
            Url = url,
            Series = series,
            SamplesPerRequest = samplesPerRequest,
            Connections = connections,
            Rate = rate,
            Duration = duration,
            Timeout = timeout,
            MetricPrefix = prefix,
            ReceiverPid = receiverPid,
        };
        error = null;
        return true;
    }

    private static bool TryParseUrl(string value, out Uri? url) =>
        Uri.TryCreate(value, UriKind.Absolute, out url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    private static bool TryParsePositive(string value, out int result) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result) && result > 0;

    private static bool TryParseDuration(string value, out TimeSpan result) =>
        GoDuration.TryParseProm(value, out result, out _) && result > TimeSpan.Zero;

    // The prefix starts every metric name, so it must be a valid metric name on its own.
    private static bool TryParsePrefix(string value, out string result)
    {
        result = value;
        if (value.Length == 0 || !(char.IsAsciiLetter(value[0]) || value[0] is '_' or ':'))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or ':'))
            {
                return false;
            }
        }

        return true;
    }
}
