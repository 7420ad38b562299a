using Vigil.Common.Api;
using Vigil.Common.Model;
using Vigil.Metrics.Api;
using Vigil.Metrics.Scrape;

namespace Vigil.Metrics.Tests.Api;

/// <summary>Grafana Agent's TestAgent_ListTargetsHandler example, field for field.</summary>
public sealed class TargetsApiTests
{
    [Fact]
    public void Info_GoExample_ExactJson()
    {
        var status = new TargetStatus(
            Labels.FromStrings("__address__", "localhost:12345", "__metrics_path__", "/metrics", "foo", "bar", "instance", "localhost:12345", "job", "job"),
            Labels.FromStrings("__address__", "localhost:12345", "__meta_hidden", "x", "__metrics_path__", "/metrics", "__scheme__", "http", "foo", "bar"),
            "http://localhost:12345/metrics",
            TargetHealth.Down,
            new DateTimeOffset(1994, 1, 12, 0, 0, 0, TimeSpan.Zero),
            TimeSpan.FromMinutes(1),
            "something went wrong");

        var json = ApiResponse.Success(new[] { TargetsApi.Info("test_instance", "group_a", status) });

        Assert.Equal(
            "{\"status\":\"success\",\"data\":[{\"instance\":\"test_instance\",\"target_group\":\"group_a\"," +
            "\"endpoint\":\"http://localhost:12345/metrics\",\"state\":\"down\"," +
            "\"labels\":{\"foo\":\"bar\",\"instance\":\"localhost:12345\",\"job\":\"job\"}," +
            "\"discovered_labels\":{\"__address__\":\"localhost:12345\",\"__meta_hidden\":\"x\",\"__metrics_path__\":\"/metrics\",\"__scheme__\":\"http\",\"foo\":\"bar\"}," +
            "\"last_scrape\":\"1994-01-12T00:00:00Z\",\"scrape_duration_ms\":60000,\"scrape_error\":\"something went wrong\"}]}",
            json);
    }

    [Theory]
    [InlineData(null, "0001-01-01T00:00:00Z")]
    [InlineData(638000000001234500L, "2022-09-28T22:13:20.12345Z")]
    [InlineData(638000000010000000L, "2022-09-28T22:13:21Z")]
    public void FormatTime_GoRfc3339Nano(long? ticks, string expected)
    {
        DateTimeOffset? time = ticks is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;
        Assert.Equal(expected, TargetsApi.FormatTime(time));
    }

    [Fact]
    public void Info_UnknownHealth_Unknown()
    {
        var status = new TargetStatus(Labels.Empty, Labels.Empty, "http://x/metrics", TargetHealth.Unknown, null, TimeSpan.Zero, string.Empty);
        var info = TargetsApi.Info("i", "j", status);
        Assert.Equal("unknown", info.State);
        Assert.Equal("0001-01-01T00:00:00Z", info.LastScrape);
    }
}
