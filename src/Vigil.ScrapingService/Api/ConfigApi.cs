using System.Text;
using Microsoft.AspNetCore.Http;
using Vigil.Common.Api;
using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.ScrapingService.ConfigStore;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Vigil.ScrapingService.Api;

/// <summary>
/// The config management API of scraping-service mode (Grafana Agent <c>configstore/api.go</c>, static-mode.md §1.3),
/// with its status codes and messages. Requests are serialized per process as in Grafana Agent; the store's
/// compare-and-swap protects writes across agents. Bodies are capped, and YAML aliases are refused because re-encoding
/// a config expands them (a few bytes of anchors can become gigabytes).
/// </summary>
public static class ConfigApi
{
    public const string ListRoute = "/agent/api/v1/configs";
    public const string GetRoute = "/agent/api/v1/configs/{name}";
    public const string PutDeleteRoute = "/agent/api/v1/config/{name}";

    /// <summary>Bodies above this are refused; etcd itself refuses values above 1.5 MiB.</summary>
    public const int MaxBodyBytes = 1 << 20;

    public const string ReadApiDisabled = "404 - config endpoint is disabled";

    public static Task<IResult> ListConfigs(ConfigStoreManager manager, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return Serialized(manager, "failed to write config: ", cancellationToken, async () =>
        {
            if (manager.Store is not { } store)
            {
                return Error(StatusCodes.Status404NotFound, "no config store running");
            }

            var names = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            return Success(StatusCodes.Status200OK, new Dictionary<string, object> { ["configs"] = names });
        });
    }

    public static Task<IResult> GetConfig(HttpContext context, ConfigStoreManager manager)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(manager);
        if (!manager.EnableGetConfiguration)
        {
            return Task.FromResult(Results.Text(ReadApiDisabled, "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound));
        }

        if (!ConfigName.TryGet(context, "/agent/api/v1/configs/", out var name, out var nameError))
        {
            return Task.FromResult(Error(StatusCodes.Status400BadRequest, nameError!));
        }

        var cancellationToken = context.RequestAborted;
        return Serialized(manager, string.Empty, cancellationToken, async () =>
        {
            if (manager.Store is not { } store)
            {
                return Error(StatusCodes.Status404NotFound, "not connected to store");
            }

            var config = await store.GetAsync(name, cancellationToken).ConfigureAwait(false);
            return Success(StatusCodes.Status200OK, new Dictionary<string, object> { ["value"] = VigilYaml.Serialize(config, scrubSecrets: true) });
        });
    }

    public static async Task<IResult> PutConfig(HttpContext context, ConfigStoreManager manager)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(manager);
        if (!ConfigName.TryGet(context, "/agent/api/v1/config/", out var name, out var nameError))
        {
            return Error(StatusCodes.Status400BadRequest, nameError!);
        }

        var cancellationToken = context.RequestAborted;
        var (text, bodyError) = await ReadBodyAsync(context.Request, cancellationToken).ConfigureAwait(false);
        if (bodyError is not null)
        {
            return bodyError;
        }

        return await Serialized(manager, string.Empty, cancellationToken, async () =>
        {
            if (Unmarshal(text!, out var unmarshalError) is not { } config)
            {
                return Error(StatusCodes.Status400BadRequest, $"could not unmarshal config: {unmarshalError}");
            }

            // The URL names the config; a name in the body is ignored. Validation comes before the store check, so
            // with scraping service off a bad config still gets its 400, as in Grafana Agent.
            config.Name = name;
            if (Validate(text!, name, manager.Metrics) is { } validationError)
            {
                return Error(StatusCodes.Status400BadRequest, $"failed to validate config: {validationError}");
            }

            if (manager.Store is not { } store)
            {
                return Error(StatusCodes.Status404NotFound, "not connected to store");
            }

            var created = await store.PutAsync(name, config, cancellationToken).ConfigureAwait(false);
            (created ? manager.ConfigsCreated : manager.ConfigsUpdated).Inc();
            return Success(created ? StatusCodes.Status201Created : StatusCodes.Status200OK, null);
        }).ConfigureAwait(false);
    }

    public static Task<IResult> DeleteConfig(HttpContext context, ConfigStoreManager manager)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(manager);
        if (!ConfigName.TryGet(context, "/agent/api/v1/config/", out var name, out var nameError))
        {
            return Task.FromResult(Error(StatusCodes.Status400BadRequest, nameError!));
        }

        var cancellationToken = context.RequestAborted;
        return Serialized(manager, "error deleting configuration: ", cancellationToken, async () =>
        {
            if (manager.Store is not { } store)
            {
                return Error(StatusCodes.Status404NotFound, "not connected to store");
            }

            await store.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
            manager.ConfigsDeleted.Inc();
            return Success(StatusCodes.Status200OK, null);
        });
    }

    /// <summary>
    /// Runs one request under the API-wide lock and maps the store's errors to status codes, the one table of this API:
    /// a missing config is 404, a job name used by another config 400, a store or codec failure 500 (with the handler's
    /// prefix, as Grafana Agent words it).
    /// </summary>
    private static async Task<IResult> Serialized(ConfigStoreManager manager, string failurePrefix, CancellationToken cancellationToken, Func<Task<IResult>> handle)
    {
        await manager.ApiGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await handle().ConfigureAwait(false);
        }
        catch (ConfigNotFoundException e)
        {
            return Error(StatusCodes.Status404NotFound, e.Message);
        }
        catch (ConfigNotUniqueException e)
        {
            return Error(StatusCodes.Status400BadRequest, e.Message);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or YamlConfigException)
        {
            return Error(StatusCodes.Status500InternalServerError, failurePrefix + e.Message);
        }
        finally
        {
            manager.ApiGate.Release();
        }
    }

    /// <summary>Strict decode; the error is Go's wording (<c>EOF</c> for an empty body).</summary>
    private static InstanceConfig? Unmarshal(string text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "EOF";
            return null;
        }

        if (HasAlias(text, out var aliasLine))
        {
            error = $"line {aliasLine}: YAML anchors and aliases are not accepted by the config API";
            return null;
        }

        try
        {
            var config = VigilYaml.Deserialize<InstanceConfig>(text);
            if (config is null)
            {
                error = "EOF";
            }

            return config;
        }
        catch (YamlConfigException e)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>
    /// Validates a second decode of the body, as Grafana Agent does, so that defaults filled in during validation are
    /// not stored: the agent's WAL directory check, the instance's defaults and rules, then the file-reading guard.
    /// </summary>
    private static string? Validate(string text, string name, MetricsConfig metrics)
    {
        if (string.IsNullOrEmpty(metrics.WalDirectory))
        {
            return "no wal_directory configured";
        }

        var copy = VigilYaml.Deserialize<InstanceConfig>(text)!;
        copy.Name = name;
        var errors = new List<string>();
        copy.ApplyDefaults(metrics.Global, errors);
        if (errors.Count > 0)
        {
            return $"failed to apply defaults to \"{name}\": {string.Join("; ", errors)}";
        }

        return metrics.ScrapingService.DangerousAllowReadingFiles ? null : NoFilesCheck.Validate(copy);
    }

    private static bool HasAlias(string text, out long line)
    {
        line = 0;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                if (parser.Current is AnchorAlias alias)
                {
                    line = alias.Start.Line;
                    return true;
                }
            }
        }
        catch (YamlException)
        {
            // Syntax errors are reported by the decoder with their line.
        }

        return false;
    }

    private static async Task<(string? Text, IResult? Error)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, Error(StatusCodes.Status413PayloadTooLarge, $"request body too large: the limit is {MaxBodyBytes} bytes"));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, Error(StatusCodes.Status413PayloadTooLarge, $"request body too large: the limit is {MaxBodyBytes} bytes"));
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return (VigilYaml.DecodeText(buffer.ToArray()), null);
        }
        catch (YamlConfigException e)
        {
            return (null, Error(StatusCodes.Status400BadRequest, $"could not unmarshal config: {e.Message}"));
        }
    }

    private static IResult Success(int status, object? data) =>
        Results.Text(ApiResponse.Success(data), ApiResponse.ContentType, Encoding.UTF8, status);

    private static IResult Error(int status, string message) =>
        Results.Text(ApiResponse.Error(message), ApiResponse.ContentType, Encoding.UTF8, status);
}
