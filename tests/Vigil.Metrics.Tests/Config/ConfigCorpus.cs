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

    public static IEnumerable<string> Files(string suffix) =>
        System.IO.Directory.GetFiles(Directory, "*" + suffix).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);
}
