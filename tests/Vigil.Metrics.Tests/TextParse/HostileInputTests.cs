using System.Text;
using Vigil.Common.Model;
using Vigil.Metrics.TextParse;

namespace Vigil.Metrics.Tests.TextParse;

public sealed class HostileInputTests
{
    private const string SamplePage =
        "# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n" +
        "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n" +
        "http_requests_total{method=\"post\",code=\"400\"} 3 1395066363000\n" +
        "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n" +
        "h_bucket{le=\"+Inf\"} 4\n";

    private const string SampleOpenMetricsPage =
        "# TYPE c counter\n# HELP c Help \\\" x.\nc_total{a=\"b\"} 1 1.5 # {id=\"x\"} 2 3.25\nc_created 1.5\n# EOF\n";

    public static TheoryData<string> Parsers => ["prom", "om"];

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Next_EveryTruncation_ErrorOrSuccessNeverThrows(string format)
    {
        var page = Encoding.UTF8.GetBytes(format == "prom" ? SamplePage : SampleOpenMetricsPage);
        for (var n = 0; n <= page.Length; n++)
        {
            var lines = ParseDump.Dump(Create(format, page.AsMemory(0, n)));
            Assert.NotNull(lines);
        }
    }

    [Fact]
    public void Next_HugeLineWithoutValue_FailsFast()
    {
        var page = new byte[32 << 20];
        page.AsSpan().Fill((byte)'a');
        var p = new PromTextParser(page);
        Assert.Equal(Entry.Invalid, p.Next());
        Assert.Contains("expected value after metric", p.Error!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_HugeLabelValue_ParsesAndLimitRejects()
    {
        var value = new string('v', 8 << 20);
        var page = Encoding.UTF8.GetBytes("a{b=\"" + value + "\"} 1\n");
        var p = new PromTextParser(page);
        Assert.Equal(Entry.Series, p.Next());
        var builder = new LabelsBuilder();
        p.BuildLabels(builder);
        var error = new ScrapeLimits(LabelValueLengthLimit: 1024).CheckLabels(builder.Build());
        Assert.StartsWith("label_value_length_limit exceeded (metric: a, label name: b", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_MillionLabels_CountedWithoutBuilding()
    {
        var sb = new StringBuilder("a{");
        for (var i = 0; i < 1_000_000; i++)
        {
            sb.Append("l=\"\",");
        }

        sb.Append("} 1\n");
        var p = new PromTextParser(Encoding.UTF8.GetBytes(sb.ToString()));
        Assert.Equal(Entry.Series, p.Next());
        Assert.Equal(1_000_000, p.LabelCount);
    }

    [Fact]
    public void Next_DeepEscapes_Linear()
    {
        var escapes = string.Concat(Enumerable.Repeat("\\\\", 1 << 20));
        var page = Encoding.UTF8.GetBytes("a{b=\"" + escapes + "\"} 1\n");
        var p = new PromTextParser(page);
        Assert.Equal(Entry.Series, p.Next());
        var builder = new LabelsBuilder();
        p.BuildLabels(builder);
        Assert.Equal(1 << 20, builder.Get("b").Length);
    }

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Next_InvalidUtf8Everywhere_ErrorNotException(string format)
    {
        var rng = new Random(42);
        var page = Encoding.UTF8.GetBytes(format == "prom" ? SamplePage : SampleOpenMetricsPage);
        for (var i = 0; i < 2000; i++)
        {
            var copy = (byte[])page.Clone();
            copy[rng.Next(copy.Length)] = (byte)(0x80 + rng.Next(0x80));
            _ = ParseDump.Dump(Create(format, copy));
        }
    }

    [Theory]
    [InlineData(0, 1_000_000, null)]
    [InlineData(100, 99, null)]
    [InlineData(100, 100, "body size limit exceeded")]
    [InlineData(100, 101, "body size limit exceeded")]
    public void CheckBodySize_Table(long limit, long read, string? expected) =>
        Assert.Equal(expected, new ScrapeLimits(BodySizeLimit: limit).CheckBodySize(read));

    [Theory]
    [InlineData(0, 5, null)]
    [InlineData(5, 5, null)]
    [InlineData(5, 6, "sample limit exceeded")]
    public void CheckSampleCount_Table(int limit, int added, string? expected) =>
        Assert.Equal(expected, new ScrapeLimits(SampleLimit: limit).CheckSampleCount(added));

    [Theory]
    [InlineData(2, 0, 0, null)]
    [InlineData(1, 0, 0, "label_limit exceeded (metric: up, number of labels: 2, limit: 1)")]
    [InlineData(0, 3, 0, "label_name_length_limit exceeded (metric: up, label name: __name__, length: 8, limit: 3)")]
    [InlineData(0, 0, 2, "label_value_length_limit exceeded (metric: up, label name: job, value: \"nöde\", length: 5, limit: 2)")]
    [InlineData(0, 8, 5, null)]
    public void CheckLabels_Table(int labelLimit, int nameLimit, int valueLimit, string? expected)
    {
        var limits = new ScrapeLimits(LabelLimit: labelLimit, LabelNameLengthLimit: nameLimit, LabelValueLengthLimit: valueLimit);
        Assert.Equal(expected, limits.CheckLabels(Labels.FromStrings("__name__", "up", "job", "nöde")));
    }

    [Theory]
    [InlineData(0, 300_000, true)]
    [InlineData(1_000_000, 300_000, true)]
    [InlineData(300_001, 300_000, true)]
    [InlineData(300_000, 300_000, false)]
    [InlineData(1000, 300_000, false)]
    public async Task ReadAsync_BodySizeLimit_AsPrometheus(long limit, int size, bool ok)
    {
        var bytes = new byte[size];
        bytes.AsSpan().Fill((byte)'x');
        using var stream = new MemoryStream(bytes);
        var (body, error) = await ScrapeBody.ReadAsync(stream, new ScrapeLimits(BodySizeLimit: limit));
        using (body)
        {
            Assert.Equal(ok, body is not null);
            Assert.Equal(ok ? null : "body size limit exceeded", error);
            if (body is not null)
            {
                Assert.True(body.Memory.Span.SequenceEqual(bytes));
            }
        }
    }

    [Fact]
    public async Task ReadAsync_EndlessBody_StopsAtLimit()
    {
        await using var endless = new EndlessStream();
        var (body, error) = await ScrapeBody.ReadAsync(endless, new ScrapeLimits(BodySizeLimit: 10 << 20));
        Assert.Null(body);
        Assert.Equal("body size limit exceeded", error);
        Assert.True(endless.BytesServed <= (10 << 20) + (1 << 20));
    }

    private static IExpositionParser Create(string format, ReadOnlyMemory<byte> page) =>
        format == "prom" ? new PromTextParser(page) : new OpenMetricsParser(page);

    private sealed class EndlessStream : Stream
    {
        public long BytesServed { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesServed; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)'a');
            BytesServed += count;
            return count;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
