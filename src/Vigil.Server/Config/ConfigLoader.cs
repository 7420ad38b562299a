using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.Server.Flags;

namespace Vigil.Server.Config;

/// <summary>
/// Loads and validates the agent config the way Grafana Agent does (static/config/config.go): read the file, decode its
/// text, expand environment variables when asked, decode strictly, let flags given on the command line win over the
/// file, apply defaults and validate. Every validation error is reported, not just the first.
/// </summary>
internal static class ConfigLoader
{
    /// <summary>Features Grafana Agent knows (static-mode.md §7.2) and whether Vigil runs them.</summary>
    private static readonly Dictionary<string, bool> KnownFeatures = new(StringComparer.Ordinal)
    {
        ["extra-scrape-metrics"] = true,
        ["remote-configs"] = false,
        ["integrations-next"] = false,
        ["agent-management"] = false,
    };

    /// <summary>Loads the file named by <c>-config.file</c>; throws <see cref="ConfigException"/> with a user-facing message.</summary>
    public static LoadedConfig Load(AgentFlags flags, Func<string, string?> getenv)
    {
        var path = flags.ConfigFilePath;
        if (path.Length == 0)
        {
            throw new ConfigException("-config.file flag required");
        }

        var fileType = flags.Set.GetString(AgentFlags.ConfigFileType);
        if (fileType != "yaml")
        {
            throw new ConfigException($"unknown file type \"{fileType}\" for -config.file.type (only yaml)");
        }

        var text = ReadText(path);
        return Parse(text, path, flags, getenv);
    }

    /// <summary>Decodes and validates config text; <paramref name="path"/> is only used in messages.</summary>
    public static LoadedConfig Parse(string text, string path, AgentFlags flags, Func<string, string?> getenv)
    {
        if (flags.ExpandEnv)
        {
            try
            {
                text = EnvExpander.Expand(text, getenv);
            }
            catch (FormatException e)
            {
                throw new ConfigException($"error loading config file {path}: unable to substitute config with environment variables: {e.Message}", e);
            }
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ConfigException($"error loading config file {path}: the file is empty");
        }

        AgentConfig? config;
        try
        {
            config = VigilYaml.Deserialize<AgentConfig>(text);
        }
        catch (YamlConfigException e)
        {
            throw new ConfigException($"error loading config file {path}: {e.Message}", e);
        }

        if (config is null)
        {
            throw new ConfigException($"error loading config file {path}: the file holds no YAML document");
        }

        var errors = new List<string>();
        var warnings = new List<string>();
        RootDocumentCheck.Run(text, errors, warnings);
        Normalize(config, flags);
        config.Server!.Validate(errors);
        config.Metrics!.ApplyDefaults(errors);
        ValidateFeatures(flags, errors);

        if (errors.Count > 0)
        {
            throw new ConfigException($"error in config file {path}: {string.Join("; ", errors)}");
        }

        return new LoadedConfig(config, path, warnings);
    }

    private static void Normalize(AgentConfig config, AgentFlags flags)
    {
        config.Server ??= new ServerConfig();
        config.Metrics ??= config.Prometheus ?? new MetricsConfig();
        config.Prometheus = null;
        config.Logs ??= config.Loki;
        config.Loki = null;
        config.Traces ??= config.Tempo;
        config.Tempo = null;

        // A flag given on the command line wins over the file; a flag's default loses to it.
        var metrics = config.Metrics;
        var set = flags.Set;
        if (set.IsSet(AgentFlags.WalDirectory))
        {
            metrics.WalDirectory = set.GetString(AgentFlags.WalDirectory);
        }

        if (set.IsSet(AgentFlags.WalCleanupAge))
        {
            metrics.WalCleanupAge = new Duration(set.GetDuration(AgentFlags.WalCleanupAge));
        }

        if (set.IsSet(AgentFlags.WalCleanupPeriod))
        {
            metrics.WalCleanupPeriod = new Duration(set.GetDuration(AgentFlags.WalCleanupPeriod));
        }

        if (set.IsSet(AgentFlags.InstanceRestartBackoff))
        {
            metrics.InstanceRestartBackoff = new Duration(set.GetDuration(AgentFlags.InstanceRestartBackoff));
        }
    }

    private static void ValidateFeatures(AgentFlags flags, List<string> errors)
    {
        if (flags.ReceiveMaxBody <= 0)
        {
            errors.Add($"-{AgentFlags.ReceiveMaxBodyBytes} must be greater than 0");
        }

        foreach (var feature in flags.Features.Order(StringComparer.Ordinal))
        {
            if (!KnownFeatures.TryGetValue(feature, out var supported))
            {
                errors.Add($"unknown feature \"{feature}\" in -enable-features (known: {string.Join(", ", KnownFeatures.Keys)})");
            }
            else if (!supported)
            {
                errors.Add($"feature \"{feature}\" is not supported yet by this version of Vigil");
            }
        }
    }

    private static string ReadText(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException e)
        {
            throw new ConfigException($"error loading config file {path}: open {path}: no such file or directory", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new ConfigException($"error loading config file {path}: open {path}: no such file or directory", e);
        }
        catch (UnauthorizedAccessException e)
        {
            var reason = Directory.Exists(path) ? "is a directory" : "permission denied";
            throw new ConfigException($"error loading config file {path}: open {path}: {reason}", e);
        }
        catch (IOException e)
        {
            throw new ConfigException($"error loading config file {path}: {e.Message}", e);
        }

        try
        {
            return VigilYaml.DecodeText(bytes);
        }
        catch (YamlConfigException e)
        {
            throw new ConfigException($"error loading config file {path}: {e.Message}", e);
        }
    }
}
