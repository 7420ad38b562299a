using Vigil.Common.Yaml;
using Vigil.Metrics.Config;

namespace Vigil.Metrics.Tests.Config;

/// <summary>Loads a corpus file: <c>instance-*</c> files hold one instance config, the others a <c>metrics:</c> block.</summary>
internal static class ConfigCorpus
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "testdata", "config");

    public static List<string> Load(string fileName)
    {
        var text = VigilYaml.DecodeText(File.ReadAllBytes(Path.Combine(Directory, fileName)));
        var errors = new List<string>();
        try
        {
            if (fileName.StartsWith("instance-", StringComparison.Ordinal))
            {
                (VigilYaml.Deserialize<InstanceConfig>(text) ?? new InstanceConfig()).ApplyDefaults(new GlobalConfig(), errors);
            }
            else
            {
                (VigilYaml.Deserialize<MetricsConfig>(text) ?? new MetricsConfig()).ApplyDefaults(errors);
            }
        }
        catch (YamlConfigException e)
        {
            errors.Add(e.Message);
        }

        return errors;
    }

    /// <summary>Loads a good file and applies defaults; the result is an <see cref="InstanceConfig"/> or a <see cref="MetricsConfig"/>.</summary>
    public static object LoadDefaulted(string fileName)
    {
        var text = VigilYaml.DecodeText(File.ReadAllBytes(Path.Combine(Directory, fileName)));
        var errors = new List<string>();
        if (fileName.StartsWith("instance-", StringComparison.Ordinal))
        {
            var instance = VigilYaml.Deserialize<InstanceConfig>(text) ?? new InstanceConfig();
            instance.ApplyDefaults(new GlobalConfig(), errors);
            return instance;
        }

        var metrics = VigilYaml.Deserialize<MetricsConfig>(text) ?? new MetricsConfig();
        metrics.ApplyDefaults(errors);
        return metrics;
    }

    /// <summary>Writes a defaulted config as unscrubbed YAML, reads it back and applies defaults again.</summary>
    public static object Reload(object config)
    {
        var text = VigilYaml.Serialize(config, scrubSecrets: false);
        var errors = new List<string>();
        if (config is InstanceConfig)
        {
            var instance = VigilYaml.Deserialize<InstanceConfig>(text)!;
            instance.ApplyDefaults(new GlobalConfig(), errors);
            return instance;
        }

        var metrics = VigilYaml.Deserialize<MetricsConfig>(text)!;
        metrics.ApplyDefaults(errors);
        return metrics;
    }

    public static IEnumerable<string> Files(string suffix) =>
        System.IO.Directory.GetFiles(Directory, "*" + suffix).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);
}
