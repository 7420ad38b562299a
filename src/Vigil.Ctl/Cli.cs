using System.Globalization;
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
        """;

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
            default:
                stderr.WriteLine($"Error: unknown command \"{args[0]}\" for \"vigilctl\"");
                stderr.WriteLine(Usage);
                return 1;
        }
    }
}
