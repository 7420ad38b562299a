using System.Net;
using System.Text;
using Vigil.TestKit;

namespace Vigil.Server.Tests.Api;

/// <summary>
/// The config management API against a real in-process Kestrel, ported from Grafana Agent's configstore api_test.go
/// (static-mode.md §9.1) with its exact bodies, plus the hostile inputs a config API must survive.
/// </summary>
public sealed class ConfigApiTests : IDisposable
{
    private readonly TempDirectory _wal = new();

    public void Dispose() => _wal.Dispose();

    [Fact]
    public async Task List_Empty_EmptyArray()
    {
        await using var agent = await StartAsync();
        await AssertJson(await agent.Client.GetAsync("/agent/api/v1/configs"), HttpStatusCode.OK, "{\"status\":\"success\",\"data\":{\"configs\":[]}}");
    }

    [Fact]
    public async Task List_AfterPuts_SortedNames()
    {
        await using var agent = await StartAsync();
        foreach (var name in new[] { "c", "a", "b" })
        {
            (await Put(agent, name, $"scrape_configs:\n- job_name: job-{name}\n  static_configs:\n  - targets: ['127.0.0.1:9']\n")).Dispose();
        }

        await AssertJson(await agent.Client.GetAsync("/agent/api/v1/configs"), HttpStatusCode.OK, "{\"status\":\"success\",\"data\":{\"configs\":[\"a\",\"b\",\"c\"]}}");
    }

    [Fact]
    public async Task Put_NewThenUpdate_201Then200()
    {
        await using var agent = await StartAsync();
        await AssertJson(await Put(agent, "new", "host_filter: false\n"), HttpStatusCode.Created, "{\"status\":\"success\"}");
        await AssertJson(await Put(agent, "new", "host_filter: true\n", HttpMethod.Post), HttpStatusCode.OK, "{\"status\":\"success\"}");
        var metrics = await agent.Client.GetStringAsync("/metrics");
        Assert.Contains("agent_metrics_ha_configs_created_total 1", metrics, StringComparison.Ordinal);
        Assert.Contains("agent_metrics_ha_configs_updated_total 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Missing_404Json()
    {
        await using var agent = await StartAsync();
        await AssertJson(
            await agent.Client.GetAsync("/agent/api/v1/configs/does-not-exist"),
            HttpStatusCode.NotFound,
            "{\"status\":\"error\",\"data\":{\"error\":\"configuration does-not-exist does not exist\"}}");
    }

    [Fact]
    public async Task Get_Existing_ReturnsNormalisedYaml()
    {
        await using var agent = await StartAsync();
        (await Put(agent, "exists", "name: ignored\nhost_filter: true\nremote_flush_deadline: 10m0s\n")).Dispose();
        using var response = await agent.Client.GetAsync("/agent/api/v1/configs/exists");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var value = await ValueOf(response);
        Assert.Contains("name: exists\n", value, StringComparison.Ordinal);
        Assert.Contains("host_filter: true\n", value, StringComparison.Ordinal);
        Assert.Contains("remote_flush_deadline: 10m0s\n", value, StringComparison.Ordinal);
        Assert.Contains("wal_truncate_frequency: 1h0m0s\n", value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Secrets_Scrubbed()
    {
        await using var agent = await StartAsync();
        const string body = """
            scrape_configs:
            - job_name: local
              basic_auth:
                username: admin
                password: hunter2
              static_configs:
              - targets: ['127.0.0.1:9']
            remote_write:
            - url: http://127.0.0.1:9009/api/prom/push
              basic_auth:
                username: rw
                password: sesame
            """;
        (await Put(agent, "secrets", body)).Dispose();
        using var response = await agent.Client.GetAsync("/agent/api/v1/configs/secrets");
        var value = await ValueOf(response);
        Assert.DoesNotContain("hunter2", value, StringComparison.Ordinal);
        Assert.DoesNotContain("sesame", value, StringComparison.Ordinal);
        Assert.Equal(2, value.Split("password: <secret>").Length - 1);
    }

    [Fact]
    public async Task Get_ReadApiDisabled_404PlainText()
    {
        await using var agent = await StartAsync(readApi: false);
        (await Put(agent, "x", "host_filter: true\n")).Dispose();
        using var response = await agent.Client.GetAsync("/agent/api/v1/configs/x");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("404 - config endpoint is disabled", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Delete_ExistingThenMissing_200Then404()
    {
        await using var agent = await StartAsync();
        (await Put(agent, "gone", "host_filter: true\n")).Dispose();
        await AssertJson(await agent.Client.DeleteAsync("/agent/api/v1/config/gone"), HttpStatusCode.OK, "{\"status\":\"success\"}");
        await AssertJson(
            await agent.Client.DeleteAsync("/agent/api/v1/config/gone"),
            HttpStatusCode.NotFound,
            "{\"status\":\"error\",\"data\":{\"error\":\"configuration gone does not exist\"}}");
        Assert.Contains("agent_metrics_ha_configs_deleted_total 1", await agent.Client.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UrlEncodedName_DecodedOnce()
    {
        await using var agent = await StartAsync();
        Assert.Equal(HttpStatusCode.Created, (await Put(agent, "url%2Fencoded", "host_filter: true\n")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Put(agent, "url%2Fencoded", "host_filter: false\n")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Put(agent, "double%252Fencoded", "host_filter: true\n")).StatusCode);
        await AssertJson(
            await agent.Client.GetAsync("/agent/api/v1/configs"),
            HttpStatusCode.OK,
            "{\"status\":\"success\",\"data\":{\"configs\":[\"double%2Fencoded\",\"url/encoded\"]}}");
        Assert.Contains("name: url/encoded", await ValueOf(await agent.Client.GetAsync("/agent/api/v1/configs/url%2Fencoded")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "could not unmarshal config: EOF")]
    [InlineData("   \n", "could not unmarshal config: EOF")]
    [InlineData("foo: 1\n", "could not unmarshal config: line 1: field foo not found")]
    [InlineData("host_filter: true\nhost_filter: false\n", "could not unmarshal config: line 2")]
    [InlineData("a: &a [1]\nb: *a\n", "YAML anchors and aliases are not accepted")]
    [InlineData("scrape_configs:\n- job_name: a\n  scrape_interval: 1m\n  scrape_timeout: 2m\n", "failed to validate config: failed to apply defaults to \"bad\": scrape timeout greater than scrape interval for scrape config with job name \"a\"")]
    [InlineData("min_wal_time: 5h\nmax_wal_time: 1h\n", "failed to validate config: failed to apply defaults to \"bad\": min_wal_time must be less than max_wal_time")]
    [InlineData("scrape_configs:\n- job_name: a\n  basic_auth:\n    username: u\n    password_file: /etc/shadow\n", "failed to validate config: failed to validate scrape_config at index 0: password_file must be empty unless dangerous_allow_reading_files is set")]
    [InlineData("scrape_configs:\n- job_name: a\n  file_sd_configs:\n  - files: ['/etc/*.json']\n", "dangerous_allow_reading_files")]
    public async Task Put_BadBody_400WithReason(string body, string expected)
    {
        await using var agent = await StartAsync();
        using var response = await Put(agent, "bad", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using (var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            Assert.Contains(expected, doc.RootElement.GetProperty("data").GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        await AssertJson(await agent.Client.GetAsync("/agent/api/v1/configs"), HttpStatusCode.OK, "{\"status\":\"success\",\"data\":{\"configs\":[]}}");
    }

    [Fact]
    public async Task Put_JobNameUsedByAnotherConfig_400()
    {
        await using var agent = await StartAsync();
        const string body = "scrape_configs:\n- job_name: foobar\n  static_configs:\n  - targets: ['127.0.0.1:9']\n";
        Assert.Equal(HttpStatusCode.Created, (await Put(agent, "first", body)).StatusCode);
        await AssertJson(
            await Put(agent, "second", body),
            HttpStatusCode.BadRequest,
            "{\"status\":\"error\",\"data\":{\"error\":\"failed to check uniqueness of config: found multiple scrape configs in config store with job name \\\"foobar\\\"\"}}");
        Assert.Equal(HttpStatusCode.OK, (await Put(agent, "first", body)).StatusCode);
    }

    [Fact]
    public async Task Put_HugeBody_413()
    {
        await using var agent = await StartAsync();
        var body = "host_filter: true\n# " + new string('x', 2 << 20) + "\n";
        using var response = await Put(agent, "huge", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("a%20b")]
    [InlineData("%E2%9C%93")]
    [InlineData("dots.and-dashes_under")]
    public async Task Put_UnusualNames_StoredAsDecoded(string encoded)
    {
        await using var agent = await StartAsync();
        Assert.Equal(HttpStatusCode.Created, (await Put(agent, encoded, "host_filter: true\n")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.Client.GetAsync($"/agent/api/v1/configs/{encoded}")).StatusCode);
    }

    [Fact]
    public async Task Put_LongNames_4KbStored10KbRefusedWith414()
    {
        await using var agent = await StartAsync();
        Assert.Equal(HttpStatusCode.Created, (await Put(agent, new string('n', 4_000), "host_filter: true\n")).StatusCode);

        // Kestrel bounds the request line (8 KiB): a longer name gets 414 before reaching the store.
        Assert.Equal(HttpStatusCode.RequestUriTooLong, (await Put(agent, new string('n', 10_000), "host_filter: true\n")).StatusCode);
    }

    [Fact]
    public async Task Put_ConcurrentSameName_OneCreatedRestUpdated()
    {
        await using var agent = await StartAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Put(agent, "race", $"remote_flush_deadline: {i + 1}m\n")));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
    }

    [Fact]
    public async Task ScrapingServiceOff_RoutesAnswer404()
    {
        await using var agent = await RunningAgent.StartAsync($"metrics:\n  wal_directory: {_wal.Path}\n", "-config.enable-read-api");
        await AssertJson(await agent.Client.GetAsync("/agent/api/v1/configs"), HttpStatusCode.NotFound, "{\"status\":\"error\",\"data\":{\"error\":\"no config store running\"}}");
        await AssertJson(await Put(agent, "x", "host_filter: true\n"), HttpStatusCode.NotFound, "{\"status\":\"error\",\"data\":{\"error\":\"not connected to store\"}}");
        Assert.Equal(HttpStatusCode.BadRequest, (await Put(agent, "x", "nope: 1\n")).StatusCode);
        await AssertJson(await agent.Client.DeleteAsync("/agent/api/v1/config/x"), HttpStatusCode.NotFound, "{\"status\":\"error\",\"data\":{\"error\":\"not connected to store\"}}");
        await AssertJson(await agent.Client.GetAsync("/agent/api/v1/configs/x"), HttpStatusCode.NotFound, "{\"status\":\"error\",\"data\":{\"error\":\"not connected to store\"}}");
    }

    [Fact]
    public async Task WrongMethods_405()
    {
        await using var agent = await StartAsync();
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await agent.Client.PostAsync("/agent/api/v1/configs", null)).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await agent.Client.GetAsync("/agent/api/v1/config/x")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await agent.Client.DeleteAsync("/agent/api/v1/configs/x")).StatusCode);
    }

    [Fact]
    public async Task EmbeddedStore_SurvivesRestart()
    {
        var yaml = $"metrics:\n  wal_directory: {_wal.Path}\n  scraping_service:\n    enabled: true\n";
        await using (var first = await RunningAgent.StartAsync(yaml, "-config.enable-read-api"))
        {
            Assert.Equal(HttpStatusCode.Created, (await Put(first, "durable", "host_filter: true\n")).StatusCode);
        }

        await using var second = await RunningAgent.StartAsync(yaml, "-config.enable-read-api");
        await AssertJson(await second.Client.GetAsync("/agent/api/v1/configs"), HttpStatusCode.OK, "{\"status\":\"success\",\"data\":{\"configs\":[\"durable\"]}}");
        Assert.Contains("host_filter: true", await ValueOf(await second.Client.GetAsync("/agent/api/v1/configs/durable")), StringComparison.Ordinal);
    }

    private Task<RunningAgent> StartAsync(bool readApi = true)
    {
        var yaml = $"metrics:\n  wal_directory: {_wal.Path}\n  scraping_service:\n    enabled: true\n    kvstore:\n      store: inmemory\n";
        return readApi ? RunningAgent.StartAsync(yaml, "-config.enable-read-api") : RunningAgent.StartAsync(yaml);
    }

    private static Task<HttpResponseMessage> Put(RunningAgent agent, string encodedName, string body, HttpMethod? method = null) =>
        agent.Client.SendAsync(new HttpRequestMessage(method ?? HttpMethod.Put, $"/agent/api/v1/config/{encodedName}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/yaml"),
        });

    private static async Task<string> ValueOf(HttpResponseMessage response)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("data").GetProperty("value").GetString()!;
    }

    private static async Task AssertJson(HttpResponseMessage response, HttpStatusCode status, string body)
    {
        using (response)
        {
            Assert.Equal(body, await response.Content.ReadAsStringAsync());
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
