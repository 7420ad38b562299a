using System.Globalization;
using Vigil.Ctl.ConfigTools;
using Vigil.Ctl.WalTools;

namespace Vigil.Ctl;

/// <summary>Parses the command line and runs one command. Returns the process exit code.</summary>
internal static class Cli
{
    public const string Usage =
        """
        usage: vigilctl <command> [arguments]

        commands:
          wal-stats <WAL directory>   Collect stats on the WAL: oldest and newest sample, series and sample
                                      counts, hash collisions, invalid refs, segments, and a per-target table.
                                      Uses <WAL directory>/wal when that exists.
          config-check <file> [-e|--expand-env]
                                      Load and validate an agent config file as vigil does at start-up.
          config-sync <directory> [-a|--addr URL] [-d|--dry-run]
                                      Upload every *.yml/*.yaml in the directory to the config management API
                                      (name = file name without extension), then delete remote configs that have
                                      no file. --addr defaults to http://localhost:12345.
        """;

    /// <summary>Test seam: the HTTP handler config-sync uses (null: a real connection).</summary>
    internal static HttpMessageHandler? HttpHandler { get; set; }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
            return args.Length == 0 ? 1 : 0;
        }

        switch (args[0])
        {
            case "wal-stats":
                if (args.Length != 2)
                {
                    stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Error: accepts 1 arg(s), received {args.Length - 1}"));
                    stderr.WriteLine(Usage);
                    return 1;
                }

                return WalStatsCommand.Run(args[1], stdout);
            case "config-check":
                return ConfigCheck(args[1..], stdout, stderr);
            case "config-sync":
                return ConfigSync(args[1..], stdout, stderr);
            default:
                stderr.WriteLine($"Error: unknown command \"{args[0]}\" for \"vigilctl\"");
                stderr.WriteLine(Usage);
                return 1;
        }
    }

    private static int ConfigCheck(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var expand = args.Any(a => a is "-e" or "--expand-env");
        var files = args.Where(a => a is not ("-e" or "--expand-env")).ToArray();
        if (files.Length != 1 || files[0].StartsWith('-'))
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Error: accepts 1 arg(s), received {files.Length}"));
            stderr.WriteLine(Usage);
            return 1;
        }

        return ConfigCheckCommand.Run(files[0], expand, stdout, stderr);
    }

    private static int ConfigSync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? directory = null;
        var address = "http://localhost:12345";
        var dryRun = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-d" or "--dry-run")
            {
                dryRun = true;
            }
            else if (arg is "-a" or "--addr" && i + 1 < args.Length)
            {
                address = args[++i];
            }
            else if (arg.StartsWith("--addr=", StringComparison.Ordinal))
            {
                address = arg["--addr=".Length..];
            }
            else if (!arg.StartsWith('-') && directory is null)
            {
                directory = arg;
            }
            else
            {
                stderr.WriteLine($"Error: unknown argument \"{arg}\" for \"vigilctl config-sync\"");
                stderr.WriteLine(Usage);
                return 1;
            }
        }

        if (directory is null)
        {
            stderr.WriteLine("Error: accepts 1 arg(s), received 0");
            stderr.WriteLine(Usage);
            return 1;
        }

        if (!Uri.TryCreate(address.EndsWith('/') ? address : address + "/", UriKind.Absolute, out var uri))
        {
            stderr.WriteLine($"Error: invalid --addr \"{address}\"");
            return 1;
        }

        // The command line is the process: blocking here keeps Cli.Run synchronous for every command.
        return ConfigSyncCommand.RunAsync(directory, uri, dryRun, HttpHandler, stdout, stderr).GetAwaiter().GetResult();
    }
}
