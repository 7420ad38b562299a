using Vigil.LoadGen;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl+C ends the run early; the figures gathered so far are still printed.
    e.Cancel = true;
    stop.Cancel();
};

return await Cli.RunAsync(args, Console.Out, Console.Error, stop.Token).ConfigureAwait(false);
