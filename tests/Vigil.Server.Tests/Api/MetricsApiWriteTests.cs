using System.Net;
using System.Net.Http.Headers;
using Vigil.TestKit;
using Vigil.TestKit.RemoteWrite;

namespace Vigil.Server.Tests.Api;

/// <summary>
/// Contract tests of <c>POST /agent/api/v1/metrics/instance/{instance}/write</c> (static-mode.md §1.4, §3.10) against
/// a real in-process Kestrel: 204 with no body; Go's <c>http.Error</c> text for 400; 415 for an explicit foreign
/// Content-Type or Content-Encoding; 413 above the body limit; 405 for other methods; the name path-unescaped.
/// </summary>
public sealed class MetricsApiWriteTests : IAsyncLifetime
{
    private const string TextPlain = "text/plain; charset=utf-8";
    private const long DefaultLimit = 32L << 20;
    private readonly TempDirectory _wal = new("vigil-write-api-");
    private RunningAgent _agent = null!;

    public async Task InitializeAsync()
    {
        _agent = await RunningAgent.StartAsync(
            $"metrics:\n  wal_directory: {_wal.Path}\n  configs:\n  - name: foo\n  - name: a/b\n");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            using var ready = await _agent.Client.GetAsync("/-/ready");
            if (ready.IsSuccessStatusCode)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "agent not ready:\n" + _agent.Log);
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        _wal.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Write_ValidRequest_204EmptyBody(bool headers)
    {
        var body = new WriteRequestBuilder().Series(["__name__", "up", "job", "a"], (Now(), 1)).ToSnappy();
        using var response = await _agent.Client.SendAsync(RemoteWriteRequests.Post("foo", body, headers));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Write_MetadataOnly_204()
    {
        // A Prometheus sender's metadata requests carry no series at all.
        var proto = new ProtoWriter();
        var metadata = new ProtoWriter();
        metadata.Int64(1, 1);
        metadata.String(2, "up");
        metadata.String(4, "1 if the target is up");
        proto.Bytes(3, metadata.ToArray());
        using var response = await _agent.Client.SendAsync(RemoteWriteRequests.Post("foo", SnappyBlockWriter.Encode(proto.ToArray())));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Write_UnknownInstance_400ExactText()
    {
        var body = new WriteRequestBuilder().Series(["__name__", "up"], (Now(), 1)).ToSnappy();
        using var response = await _agent.Client.SendAsync(RemoteWriteRequests.Post("nope", body));
        await AssertText(response, HttpStatusCode.BadRequest, "instance nope does not exist\n");
    }

    [Fact]
    public async Task Write_EncodedSlash_DecodedToInstanceName()
    {
        var body = new WriteRequestBuilder().Series(["__name__", "up"], (Now(), 1)).ToSnappy();
        using (var known = await _agent.Client.SendAsync(RemoteWriteRequests.Post("a%2Fb", body)))
        {
            Assert.Equal(HttpStatusCode.NoContent, known.StatusCode);
        }

        using var unknown = await _agent.Client.SendAsync(RemoteWriteRequests.Post("x%2Fy", body));
        await AssertText(unknown, HttpStatusCode.BadRequest, "instance x/y does not exist\n");
    }

    public static TheoryData<string, byte[]> BadBodies()
    {
        var valid = new WriteRequestBuilder().Series(["__name__", "up"], (1, 1)).ToProtobuf();
        return new TheoryData<string, byte[]>
        {
            { "empty body", [] },
            { "not snappy", [0xff, 0xff, 0xff, 0xff, 0xff, 0xff] },
            { "snappy truncated", SnappyBlockWriter.Encode(valid)[..(valid.Length / 2)] },
            { "snappy declares more than it holds", SnappyBlockWriter.Encode(valid, (ulong)valid.Length + 10) },
            { "declared decoded size over 32 MiB", SnappyBlockWriter.Encode(valid, (32UL << 20) + 1) },
            { "declared decoded size 4 GiB", SnappyBlockWriter.Encode(valid, uint.MaxValue) },
            { "protobuf length overruns", SnappyBlockWriter.Encode([0x0a, 0xff, 0xff, 0x03, 0x01]) },
            { "protobuf bad wire type", SnappyBlockWriter.Encode([0x0f, 0x01]) },
            { "protobuf truncated varint", SnappyBlockWriter.Encode([0x08, 0xff, 0xff]) },
            { "empty label set", new WriteRequestBuilder().Series(Array.Empty<string>(), (1, 1)).ToSnappy() },
            { "only empty label values", new WriteRequestBuilder().Series(["__name__", "", "job", ""], (1, 1)).ToSnappy() },
            { "empty label name", new WriteRequestBuilder().Series(["__name__", "up", "", "x"], (1, 1)).ToSnappy() },
            { "invalid label name", new WriteRequestBuilder().Series(["__name__", "up", "0bad", "x"], (1, 1)).ToSnappy() },
            { "duplicate label name", new WriteRequestBuilder().Series(["__name__", "up", "job", "a", "job", "b"], (1, 1)).ToSnappy() },
            { "duplicate label name unsorted", new WriteRequestBuilder().Series(["job", "a", "__name__", "up", "job", "a"], (1, 1)).ToSnappy() },
            { "invalid UTF-8 value", InvalidUtf8Value() },
        };
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Write_BadBody_400Text(string why, byte[] body)
    {
        using var response = await _agent.Client.SendAsync(RemoteWriteRequests.Post("foo", body));
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
        Assert.Equal(TextPlain, response.Content.Headers.ContentType?.ToString());
        Assert.EndsWith("\n", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_BadSeriesAfterGoodOne_WholeRequestRefused()
    {
        var body = new WriteRequestBuilder()
            .Series(["__name__", "good"], (Now(), 1))
            .Series(["__name__", "bad", "0x", "y"], (Now(), 1))
            .ToSnappy();
        using var response = await _agent.Client.SendAsync(RemoteWriteRequests.Post("foo", body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid label name \"0x\"\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Write_ConcurrentSendersSameSeries_All204()
    {
        // Eight senders race on the receiver's series cache with the same and with distinct series.
        var tasks = Enumerable.Range(0, 8).Select(sender => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                var body = new WriteRequestBuilder()
                    .Series(["__name__", "shared", "job", "race"], (Now(), i))
                    .Series(["__name__", "own", "sender", sender.ToString(System.Globalization.CultureInfo.InvariantCulture)], (Now(), i))
                    .ToSnappy();
                using var response = await _agent.Client.SendAsync(RemoteWriteRequests.Post("foo", body));
                Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            }
        }));
        await Task.WhenAll(tasks);
    }

    [Fact]
    public async Task Write_UnsortedLabels_Accepted()
    {
        var body = new WriteRequestBuilder().Series(["job", "a", "__name__", "up", "instance", "x"], (Now(), 1)).ToSnappy();
        using var response = await _agent.Client.SendAsync(RemoteWriteRequests.Post("foo", body));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-0.0)]
    public async Task Write_SpecialFloat_Accepted(double value)
    {
        var body = new WriteRequestBuilder().Series(["__name__", "special"], (Now(), value)).ToSnappy();
        using var response = await _agent.Client.SendAsync(RemoteWriteRequests.Post("foo", body));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData("application/json", null)]
    [InlineData("text/plain", null)]
    [InlineData(null, "gzip")]
    [InlineData("application/x-protobuf", "gzip")]
    [InlineData(null, "snappy, gzip")]
    public async Task Write_ForeignContentTypeOrEncoding_415(string? contentType, string? encoding)
    {
        var content = new ByteArrayContent(new WriteRequestBuilder().Series(["__name__", "up"], (Now(), 1)).ToSnappy());
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        if (encoding is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Encoding", encoding);
        }

        using var response = await _agent.Client.PostAsync(RemoteWriteRequests.WritePath("foo"), content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(TextPlain, response.Content.Headers.ContentType?.ToString());
    }

    [Theory]
    [InlineData("application/x-protobuf;proto=prometheus.WriteRequest", "snappy")]
    [InlineData("APPLICATION/X-PROTOBUF", "SNAPPY")]
    public async Task Write_ProtobufVariants_204(string contentType, string encoding)
    {
        var content = new ByteArrayContent(new WriteRequestBuilder().Series(["__name__", "up"], (Now(), 1)).ToSnappy());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        content.Headers.TryAddWithoutValidation("Content-Encoding", encoding);
        using var response = await _agent.Client.PostAsync(RemoteWriteRequests.WritePath("foo"), content);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Write_BodyOverDefaultLimit_413(bool chunked)
    {
        var body = new byte[DefaultLimit + 1];
        HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        if (chunked)
        {
            content.Headers.ContentLength = null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, RemoteWriteRequests.WritePath("foo")) { Content = content };
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        using var response = await _agent.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(TextPlain, response.Content.Headers.ContentType?.ToString());
        Assert.Equal("request body too large: the limit is 33554432 bytes\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Write_BodyJustUnderDefaultLimit_204()
    {
        // Above Kestrel's own default request body cap (30 000 000 bytes) but within the endpoint's 32 MiB.
        var body = new WriteRequestBuilder().Series(["__name__", "big"], (Now(), 1)).Padding(31_000_000).ToSnappy();
        Assert.InRange(body.Length, 30_000_001, DefaultLimit);
        using var response = await _agent.Client.SendAsync(RemoteWriteRequests.Post("foo", body));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Write_OtherMethod_405(string method)
    {
        using var response = await _agent.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), RemoteWriteRequests.WritePath("foo")));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static byte[] InvalidUtf8Value()
    {
        var label = new ProtoWriter();
        label.String(1, "__name__");
        label.Bytes(2, [0x75, 0xff, 0xfe]);
        var series = new ProtoWriter();
        series.Bytes(1, label.ToArray());
        var sample = new ProtoWriter();
        sample.Double(1, 1);
        sample.Int64(2, 1);
        series.Bytes(2, sample.ToArray());
        var request = new ProtoWriter();
        request.Bytes(1, series.ToArray());
        return SnappyBlockWriter.Encode(request.ToArray());
    }

    private static async Task AssertText(HttpResponseMessage response, HttpStatusCode status, string body)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(TextPlain, response.Content.Headers.ContentType?.ToString());
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }
}
