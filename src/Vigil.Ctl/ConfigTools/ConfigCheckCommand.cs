using Vigil.Server.Config;
using Vigil.Server.Flags;

namespace Vigil.Ctl.ConfigTools;

/// <summary>
/// <c>vigilctl config-check FILE [-e]</c>: loads and validates an agent config file exactly as <c>vigil</c> does at
/// start-up (Grafana Agent's <c>agentctl config-check</c>), without starting anything. <c>-e</c> expands environment
/// variables first. Prints <c>config valid</c> and exits 0, or the reason and exits 1.
/// </summary>
internal static class ConfigCheckCommand
{
    public static int Run(string file, bool expandEnv, TextWriter stdout, TextWriter stderr)
    {
        string[] args = expandEnv ? ["-config.file=" + file, "-config.expand-env"] : ["-config.file=" + file];
        try
        {
            var loaded = ConfigLoader.Load(AgentFlags.Parse(args), Environment.GetEnvironmentVariable);
            foreach (var warning in loaded.Warnings)
            {
                stderr.WriteLine($"warning: {warning}");
            }
        }
        catch (ConfigException e)
        {
            var stage = e.Message.StartsWith("error in config file", StringComparison.Ordinal) ? "failed to validate config" : "failed to load config";
            stderr.WriteLine($"{stage}: {e.Message}");
            return 1;
        }

        stdout.WriteLine("config valid");
        return 0;
    }
}
