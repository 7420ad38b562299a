using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Config;

/// <summary>
/// Checks on the shape of the root document that the typed decoder cannot see: a key present with an empty value,
/// a deprecated alias used together with its new name, and blocks that enable a subsystem this version does not run
/// (they must fail loudly, never be ignored).
/// </summary>
internal static class RootDocumentCheck
{
    private static readonly (string Alias, string Name)[] Aliases = [("prometheus", "metrics"), ("loki", "logs"), ("tempo", "traces")];

    /// <summary>Keys of <c>integrations:</c> that configure the manager, not an integration (static-mode.md §6.1).</summary>
    private static readonly HashSet<string> IntegrationManagerKeys = new(StringComparer.Ordinal)
    {
        "scrape_integrations", "labels", "prometheus_remote_write", "integration_restart_backoff", "http_tls_config",
        "replace_instance_label", "use_hostname_label",
    };

    /// <summary>Appends errors to <paramref name="errors"/> and deprecation notes to <paramref name="warnings"/>.</summary>
    public static void Run(string text, List<string> errors, List<string> warnings)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException)
        {
            // The typed decoder reports syntax errors with their line; nothing more to check here.
            return;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return;
        }

        YamlNode? Get(string key) => root.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

        if (Get("server") is YamlScalarNode { Value: null or "" or "~" or "null" } server)
        {
            errors.Add($"line {server.Start.Line}: an empty server config is invalid");
        }

        foreach (var (alias, name) in Aliases)
        {
            var aliasNode = Get(alias);
            if (aliasNode is null)
            {
                continue;
            }

            if (Get(name) is not null)
            {
                errors.Add($"line {aliasNode.Start.Line}: at most one of {alias} and {name} should be specified");
            }
            else
            {
                warnings.Add($"the {alias} block is deprecated and was renamed to {name}");
            }
        }

        CheckConfigsBlock(Get("logs") ?? Get("loki"), "logs", errors);
        CheckConfigsBlock(Get("traces") ?? Get("tempo"), "traces", errors);
        CheckIntegrations(Get("integrations"), errors);
        if (Get("agent_management") is YamlMappingNode management && IsTrue(management, "enabled"))
        {
            errors.Add($"line {management.Start.Line}: agent_management is not supported by this version of Vigil");
        }
    }

    private static void CheckConfigsBlock(YamlNode? block, string subsystem, List<string> errors)
    {
        if (block is not YamlMappingNode map)
        {
            return;
        }

        foreach (var (key, value) in map.Children)
        {
            if (key is YamlScalarNode { Value: "configs" } && value is YamlSequenceNode { Children.Count: > 0 })
            {
                errors.Add(
                    $"line {key.Start.Line}: {subsystem}: the {subsystem} subsystem is not supported yet by this version of Vigil; " +
                    $"remove {subsystem}.configs or keep running Grafana Agent for {subsystem}");
            }
        }
    }

    private static void CheckIntegrations(YamlNode? block, List<string> errors)
    {
        if (block is not YamlMappingNode map)
        {
            return;
        }

        foreach (var (keyNode, value) in map.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            if (IntegrationManagerKeys.Contains(key))
            {
                continue;
            }

            // A v1 integration runs only with enabled: true (integrations-next needs a feature flag, rejected elsewhere).
            if (value is YamlMappingNode integration && IsTrue(integration, "enabled"))
            {
                errors.Add($"line {keyNode.Start.Line}: integrations: integration \"{key}\" is not supported yet by this version of Vigil; remove it or set enabled: false");
            }
        }
    }

    private static bool IsTrue(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode { Value: "true" or "True" or "TRUE" or "yes" or "on" };
}
