namespace Vigil.Server.Config;

/// <summary>A validated config with defaults applied, the file it came from, and notes to log (deprecated keys).</summary>
internal sealed record LoadedConfig(AgentConfig Config, string Path, IReadOnlyList<string> Warnings);
