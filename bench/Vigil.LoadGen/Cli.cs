namespace Vigil.LoadGen;

/// <summary>
/// The <c>vigil-loadgen</c> command: figures on standard output, the first error text per status on standard error.
/// Exit code 0 when every request was accepted, 1 when some were not (or none was sent), 2 for a bad command line.
/// </summary>
internal static class Cli
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Count == 1 && args[0] is "-h" or "--help")
        {
            await output.WriteLineAsync(LoadGenOptions.Usage).ConfigureAwait(false);
            return 0;
        }

        if (!LoadGenOptions.TryParse(args, out var options, out var message))
        {
            await error.WriteLineAsync("vigil-loadgen: " + message).ConfigureAwait(false);
            await error.WriteLineAsync(LoadGenOptions.Usage).ConfigureAwait(false);
            return 2;
        }

        var report = await LoadGenerator.RunAsync(options!, cancellationToken).ConfigureAwait(false);
        report.WriteTo(output);
        foreach (var (status, text) in report.FirstErrors)
        {
            var what = status == 0 ? "transport error" : "status " + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await error.WriteLineAsync($"first {what}: {text}").ConfigureAwait(false);
        }

        return report.Errors == 0 && report.SamplesAccepted > 0 ? 0 : 1;
    }
}
