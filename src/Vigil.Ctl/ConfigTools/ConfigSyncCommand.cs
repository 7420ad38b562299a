using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Common.Yaml;
using Vigil.Metrics.Config;

namespace Vigil.Ctl.ConfigTools;

/// <summary>
/// <c>vigilctl config-sync DIR</c>: makes a directory the source of truth of the config management API, as Grafana
/// Agent's <c>agentctl config-sync</c> does. Every <c>*.yml</c>/<c>*.yaml</c> directly in DIR is parsed strictly and
/// uploaded under its file name without extension; then every remote config with no local file is deleted. It goes on
/// past errors and exits 1 if there was any. <c>--dry-run</c> only parses.
/// </summary>
internal static class ConfigSyncCommand
{
    public static async Task<int> RunAsync(string directory, Uri address, bool dryRun, HttpMessageHandler? handler, TextWriter stdout, TextWriter stderr)
    {
        if (!Directory.Exists(directory))
        {
            await stderr.WriteLineAsync($"error: {directory} is not a directory").ConfigureAwait(false);
            return 1;
        }

        var failed = false;
        var local = new List<(string Name, string Text)>();
        var files = Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            try
            {
                var text = VigilYaml.DecodeText(await File.ReadAllBytesAsync(file).ConfigureAwait(false));
                _ = VigilYaml.Deserialize<InstanceConfig>(text) ?? throw new YamlConfigException("the file holds no YAML document");
                local.Add((name, text));
            }
            catch (Exception e) when (e is YamlConfigException or IOException or UnauthorizedAccessException)
            {
                failed = true;
                await stderr.WriteLineAsync($"error: failed to parse config {file}: {e.Message}").ConfigureAwait(false);
            }
        }

        if (dryRun)
        {
            foreach (var (name, _) in local)
            {
                await stdout.WriteLineAsync($"would upload config {name}").ConfigureAwait(false);
            }

            return failed ? 1 : 0;
        }

        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = address;
        http.Timeout = TimeSpan.FromSeconds(30);
        foreach (var (name, text) in local)
        {
            var error = await SendAsync(http, HttpMethod.Post, ConfigPath(name), text).ConfigureAwait(false);
            if (error is not null)
            {
                failed = true;
                await stderr.WriteLineAsync($"error: failed to upload config {name}: {error}").ConfigureAwait(false);
            }
            else
            {
                await stdout.WriteLineAsync($"uploaded config {name}").ConfigureAwait(false);
            }
        }

        var (remote, listError) = await ListAsync(http).ConfigureAwait(false);
        if (listError is not null)
        {
            await stderr.WriteLineAsync($"error: failed to list remote configs: {listError}").ConfigureAwait(false);
            return 1;
        }

        var localNames = local.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in remote.Where(r => !localNames.Contains(r)))
        {
            var error = await SendAsync(http, HttpMethod.Delete, ConfigPath(name), null).ConfigureAwait(false);
            if (error is not null)
            {
                failed = true;
                await stderr.WriteLineAsync($"error: failed to delete config {name}: {error}").ConfigureAwait(false);
            }
            else
            {
                await stdout.WriteLineAsync($"deleted config {name}").ConfigureAwait(false);
            }
        }

        return failed ? 1 : 0;
    }

    private static string ConfigPath(string name) => "agent/api/v1/config/" + Uri.EscapeDataString(name);

    private static async Task<string?> SendAsync(HttpClient http, HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/x-yaml");
        }

        try
        {
            using var response = await http.SendAsync(request).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : await DescribeAsync(response).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return e.Message;
        }
    }

    private static async Task<(IReadOnlyList<string> Names, string? Error)> ListAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("agent/api/v1/configs", UriKind.Relative)).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return ([], await DescribeAsync(response).ConfigureAwait(false));
            }

            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
            var configs = doc.RootElement.GetProperty("data").GetProperty("configs");
            return (configs.ValueKind == JsonValueKind.Array ? [.. configs.EnumerateArray().Select(e => e.GetString()!)] : [], null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return ([], e.Message);
        }
    }

    /// <summary>The API's error message from the envelope, else the status line.</summary>
    private static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("error", out var error))
            {
                return $"{(int)response.StatusCode}: {error.GetString()}";
            }
        }
        catch (JsonException)
        {
            // Not the envelope (a proxy's page, a plain-text 404): show it as it is.
        }

        return $"{(int)response.StatusCode} {(response.StatusCode == HttpStatusCode.NotFound ? "not found" : response.ReasonPhrase)}: {text.Trim()}";
    }
}
