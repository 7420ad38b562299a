using Vigil.Common.Yaml;
using Vigil.Metrics.Config;
using Vigil.Metrics.RemoteWrite.Client;
using Vigil.Metrics.RemoteWrite.Prompb;

namespace Vigil.Metrics.Tests.RemoteWrite.Client;

public sealed class WriteClientTests
{
    private static readonly byte[] Body = Compressed();

    [Fact]
    public async Task StoreAsync_Always_SendsSpecHeaders()
    {
        using var receiver = new FakeReceiver();
        using var client = new WriteClient(Config(receiver), "test");

        var outcome = await client.StoreAsync(Body, 0, CancellationToken.None);

        Assert.Equal(WriteOutcomeKind.Success, outcome.Kind);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("snappy", request.Headers["Content-Encoding"]);
        Assert.Equal("application/x-protobuf", request.Headers["Content-Type"]);
        Assert.Equal("0.1.0", request.Headers["X-Prometheus-Remote-Write-Version"]);
        Assert.StartsWith("Vigil/", request.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.False(request.Headers.ContainsKey("Retry-Attempt"));
        Assert.Equal(Body, request.Body);
    }

    [Fact]
    public async Task StoreAsync_UserHeaders_AddedButNeverOverrideReservedOnes()
    {
        using var receiver = new FakeReceiver();
        var config = Config(receiver);
        config.Headers = new SortedStringMap(new Dictionary<string, string>
        {
            ["X-Scope-OrgID"] = "tenant-1",
            ["Content-Type"] = "text/plain",
            ["content-encoding"] = "gzip",
            ["User-Agent"] = "evil",
            ["X-Prometheus-Remote-Write-Version"] = "2.0.0",
            ["Authorization"] = "Bearer stolen",
        });
        using var client = new WriteClient(config, "test");

        await client.StoreAsync(Body, 0, CancellationToken.None);

        var headers = Assert.Single(receiver.Requests).Headers;
        Assert.Equal("tenant-1", headers["X-Scope-OrgID"]);
        Assert.Equal("application/x-protobuf", headers["Content-Type"]);
        Assert.Equal("snappy", headers["Content-Encoding"]);
        Assert.StartsWith("Vigil/", headers["User-Agent"], StringComparison.Ordinal);
        Assert.Equal("0.1.0", headers["X-Prometheus-Remote-Write-Version"]);
        Assert.False(headers.ContainsKey("Authorization"));
    }

    [Theory]
    [InlineData(200, true, "Success")]
    [InlineData(204, true, "Success")]
    [InlineData(500, true, "Recoverable")]
    [InlineData(502, true, "Recoverable")]
    [InlineData(503, true, "Recoverable")]
    [InlineData(429, true, "Recoverable")]
    [InlineData(429, false, "NonRecoverable")]
    [InlineData(400, true, "NonRecoverable")]
    [InlineData(401, true, "NonRecoverable")]
    [InlineData(404, true, "NonRecoverable")]
    [InlineData(413, true, "NonRecoverable")]
    public async Task StoreAsync_Status_IsClassified(int status, bool retryOnRateLimit, string expected)
    {
        using var receiver = new FakeReceiver(_ => new FakeReceiver.Reply(status, Body: "bad thing\nsecond line"));
        var config = Config(receiver);
        config.QueueConfig.RetryOnRateLimit = retryOnRateLimit;
        using var client = new WriteClient(config, "test");

        var outcome = await client.StoreAsync(Body, 0, CancellationToken.None);

        Assert.Equal(expected, outcome.Kind.ToString());
        Assert.Equal(status, outcome.StatusCode);
        if (status >= 300)
        {
            Assert.EndsWith(": bad thing", outcome.Error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(429, "7", 7)]
    [InlineData(503, "3", 3)]
    public async Task StoreAsync_RetryAfterSeconds_IsReported(int status, string retryAfter, int expectedSeconds)
    {
        using var receiver = new FakeReceiver(_ => new FakeReceiver.Reply(status, RetryAfter: retryAfter));
        using var client = new WriteClient(Config(receiver), "test");

        var outcome = await client.StoreAsync(Body, 0, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), outcome.RetryAfter);
    }

    [Fact]
    public async Task StoreAsync_RetryAfterHttpDate_IsTimeUntilThatDate()
    {
        var date = DateTimeOffset.UtcNow.AddSeconds(30).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        using var receiver = new FakeReceiver(_ => new FakeReceiver.Reply(429, RetryAfter: date));
        using var client = new WriteClient(Config(receiver), "test");

        var outcome = await client.StoreAsync(Body, 0, CancellationToken.None);

        Assert.InRange(outcome.RetryAfter!.Value, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(31));
    }

    [Fact]
    public async Task StoreAsync_SlowReceiver_TimesOutAsRecoverable()
    {
        using var receiver = new FakeReceiver(_ => new FakeReceiver.Reply(204, Delay: TimeSpan.FromSeconds(3)));
        var config = Config(receiver);
        config.RemoteTimeout = new PromDuration(TimeSpan.FromMilliseconds(200));
        using var client = new WriteClient(config, "test");

        var outcome = await client.StoreAsync(Body, 0, CancellationToken.None);

        Assert.Equal(WriteOutcomeKind.Recoverable, outcome.Kind);
        Assert.Contains("deadline", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "Success", 2)]
    [InlineData(false, "NonRecoverable", 1)]
    public async Task StoreAsync_TemporaryRedirect_FollowedOnlyWhenConfigured(bool follow, string expected, int requests)
    {
        using var receiver = new FakeReceiver(i => i == 0 ? new FakeReceiver.Reply(307, Location: "/moved") : new FakeReceiver.Reply(204));
        var config = Config(receiver);
        config.FollowRedirects = follow;
        using var client = new WriteClient(config, "test");

        var outcome = await client.StoreAsync(Body, 0, CancellationToken.None);

        Assert.True(expected == outcome.Kind.ToString(), $"{outcome.Kind}: {outcome.Error}");
        Assert.Equal(requests, receiver.Requests.Count);
        if (follow)
        {
            Assert.Equal("/moved", receiver.Requests[1].Path);
            Assert.Equal(Body, receiver.Requests[1].Body);
        }
    }

    [Fact]
    public async Task StoreAsync_NothingListening_IsRecoverable()
    {
        var port = Vigil.TestKit.Peers.FreePort.Next();
        var config = new RemoteWriteConfig { Url = new ConfigUrl($"http://127.0.0.1:{port}/write") };
        using var client = new WriteClient(config, "test");

        var outcome = await client.StoreAsync(Body, 0, CancellationToken.None);

        Assert.Equal(WriteOutcomeKind.Recoverable, outcome.Kind);
        Assert.Equal(0, outcome.StatusCode);
    }

    [Fact]
    public async Task StoreAsync_Retry_CarriesRetryAttempt()
    {
        using var receiver = new FakeReceiver();
        using var client = new WriteClient(Config(receiver), "test");

        await client.StoreAsync(Body, 2, CancellationToken.None);

        Assert.Equal("2", Assert.Single(receiver.Requests).Headers["Retry-Attempt"]);
    }

    [Fact]
    public async Task StoreAsync_BasicAuth_SendsBasicHeader()
    {
        using var receiver = new FakeReceiver();
        var config = Config(receiver);
        config.BasicAuth = new BasicAuth { Username = "user", Password = new Secret("pass") };
        using var client = new WriteClient(config, "test");

        await client.StoreAsync(Body, 0, CancellationToken.None);

        Assert.Equal("Basic dXNlcjpwYXNz", Assert.Single(receiver.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task StoreAsync_BearerTokenFile_IsReadAndTrimmed()
    {
        using var receiver = new FakeReceiver();
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "tok3n\n");
        try
        {
            var config = Config(receiver);
            config.Authorization = new Authorization { Type = "Bearer", CredentialsFile = file };
            using var client = new WriteClient(config, "test");

            await client.StoreAsync(Body, 0, CancellationToken.None);

            Assert.Equal("Bearer tok3n", Assert.Single(receiver.Requests).Headers["Authorization"]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task StoreAsync_OAuth2_FetchesTokenOnceAndSendsIt()
    {
        var tokenServer = new FakeReceiver(_ => new FakeReceiver.Reply(200, Body: """{"access_token":"abc","token_type":"bearer","expires_in":3600}"""));
        using (tokenServer)
        {
            using var receiver = new FakeReceiver();
            var config = Config(receiver);
            config.OAuth2 = new OAuth2Config { ClientId = "id", ClientSecret = new Secret("secret"), TokenUrl = tokenServer.Url.ToString(), Scopes = ["a", "b"] };
            using var client = new WriteClient(config, "test");

            await client.StoreAsync(Body, 0, CancellationToken.None);
            await client.StoreAsync(Body, 0, CancellationToken.None);

            Assert.All(receiver.Requests, r => Assert.Equal("Bearer abc", r.Headers["Authorization"]));
            var tokenRequest = Assert.Single(tokenServer.Requests);
            Assert.Equal("Basic aWQ6c2VjcmV0", tokenRequest.Headers["Authorization"]);
            Assert.Equal("grant_type=client_credentials&scope=a+b", System.Text.Encoding.UTF8.GetString(tokenRequest.Body));
        }
    }

    internal static RemoteWriteConfig Config(FakeReceiver receiver) => new() { Url = new ConfigUrl(receiver.Url.ToString()) };

    private static byte[] Compressed()
    {
        using var raw = new PooledBuffer();
        var labels = PrompbEncoder.EncodeLabels([new Vigil.Common.Model.Label("__name__", "up")]);
        var sample = new Sample(1, 1);
        PrompbEncoder.WriteTimeSeries(raw, labels, new ReadOnlySpan<Sample>(in sample), default, default);
        using var compressed = new PooledBuffer();
        SnappyBlock.Compress(raw.WrittenSpan, compressed);
        return compressed.WrittenSpan.ToArray();
    }
}
