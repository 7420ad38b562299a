using Google.Protobuf;
using Wire = Vigil.Metrics.Tests.RemoteWrite.Proto;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// The Remote-Write 1.0 sender-suite behaviours that need no scraping (ecosystem-notes §3b): headers, sorted labels,
/// external labels, write relabelling, NaN and stale markers bit-exact, native histograms and exemplars, checked on
/// what the real vigil process sends.
/// </summary>
public sealed class RemoteWriteConformanceTests : IClassFixture<RemoteWriteConformanceFixture>
{
    private const ulong PrometheusNaNBits = 0x7ff8000000000001;
    private static readonly byte[] FramedSnappyMagic = [0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x50, 0x59];
    private readonly RemoteWriteConformanceFixture _fixture;

    public RemoteWriteConformanceTests(RemoteWriteConformanceFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Headers_EveryRequest_CarriesTheRemoteWrite10HeadersAndTheUserHeader()
    {
        await PushAsync(RemoteWriteWire.Series([("__name__", "rw_conf_headers")], (Now(), 1)));
        await _fixture.WaitForMetricAsync("rw_conf_headers");

        var requests = _fixture.Receiver.Requests;
        Assert.NotEmpty(requests);
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("snappy", r.Header("Content-Encoding"));
            Assert.Equal("application/x-protobuf", r.Header("Content-Type"));
            Assert.Equal("0.1.0", r.Header("X-Prometheus-Remote-Write-Version"));
            Assert.StartsWith("Vigil/", r.Header("User-Agent"), StringComparison.Ordinal);
            Assert.Equal(RemoteWriteConformanceFixture.Tenant, r.Header(RemoteWriteConformanceFixture.TenantHeader));

            // Snappy block format, never framed, and a parseable WriteRequest.
            Assert.False(r.Body.AsSpan().StartsWith(FramedSnappyMagic));
            _ = RemoteWriteWire.Decode(r.Body);
        });
    }

    [Fact]
    public async Task Labels_UnsortedInput_SentSortedWithExternalLabelsAndWithoutTheDroppedLabel()
    {
        var t = Now();
        await PushAsync(
            RemoteWriteWire.Series([("zeta", "z"), ("__name__", "rw_conf_sorted"), (RemoteWriteConformanceFixture.DroppedLabel, "x"), ("alpha", "a")], (t, 1)),
            RemoteWriteWire.Series([("__name__", "rw_conf_own_cluster"), ("cluster", "mine")], (t, 2)));
        var sorted = Assert.Single(await _fixture.WaitForMetricAsync("rw_conf_sorted"));
        var own = Assert.Single(await _fixture.WaitForMetricAsync("rw_conf_own_cluster"));

        Assert.Equal("{__name__=\"rw_conf_sorted\",alpha=\"a\",cluster=\"e2e\",replica=\"r1\",zeta=\"z\"}", RemoteWriteWire.Key(sorted));

        // A series' own label wins over the external label of the same name, as in Prometheus.
        Assert.Equal("{__name__=\"rw_conf_own_cluster\",cluster=\"mine\",replica=\"r1\"}", RemoteWriteWire.Key(own));

        // Every series vigil ever sent: sorted by name, no repeated name, no empty name or value, __name__ present.
        Assert.All(_fixture.AcceptedSeries(), ts =>
        {
            var names = ts.Labels.Select(l => l.Name).ToList();
            Assert.Equal(names.Order(StringComparer.Ordinal), names);
            Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
            Assert.DoesNotContain(ts.Labels, l => l.Name.Length == 0 || l.Value.Length == 0);
            Assert.Contains("__name__", names);
        });
    }

    [Fact]
    public async Task WriteRelabelConfigs_DropRule_SeriesNeverSent()
    {
        var t = Now();

        // One request, one WAL record: once the marker arrived, the dropped series went through the queue too.
        await PushAsync(
            RemoteWriteWire.Series([("__name__", RemoteWriteConformanceFixture.DroppedMetric)], (t, 1)),
            RemoteWriteWire.Series([("__name__", "rw_conf_relabel_marker")], (t, 1)));
        await _fixture.WaitForMetricAsync("rw_conf_relabel_marker");

        Assert.DoesNotContain(_fixture.AcceptedSeries(), ts => ts.Labels.Any(l => l.Value == RemoteWriteConformanceFixture.DroppedMetric));
    }

    [Fact]
    public async Task NaNAndStaleMarker_Sent_BitExact()
    {
        var t = Now();
        var values = new[] { 1.0, BitConverter.UInt64BitsToDouble(PrometheusNaNBits), RemoteWriteWire.StaleNaN, 2.0 };
        await PushAsync(RemoteWriteWire.Series([("__name__", "rw_conf_nan")], values.Select((v, i) => (t + i, v)).ToArray()));
        var received = (await _fixture.WaitForMetricAsync("rw_conf_nan", samples: 4)).SelectMany(ts => ts.Samples).ToList();

        Assert.Equal(values.Select((v, i) => (t + i, BitConverter.DoubleToUInt64Bits(v))), received.Select(s => (s.Timestamp, BitConverter.DoubleToUInt64Bits(s.Value))));
    }

    [Fact]
    public async Task NativeHistogram_Sent_Whole()
    {
        var t = Now();
        var histogram = new Wire.Histogram
        {
            CountInt = 12,
            Sum = 34.5,
            Schema = 1,
            ZeroThreshold = 0.001,
            ZeroCountInt = 2,
            Timestamp = t,
        };
        histogram.PositiveSpans.Add(new Wire.BucketSpan { Offset = 0, Length = 2 });
        histogram.PositiveSpans.Add(new Wire.BucketSpan { Offset = 3, Length = 1 });
        histogram.PositiveDeltas.Add([3, -1, 2]);
        histogram.NegativeSpans.Add(new Wire.BucketSpan { Offset = -1, Length = 1 });
        histogram.NegativeDeltas.Add(1);
        var series = RemoteWriteWire.Series([("__name__", "rw_conf_histogram")]);
        series.Histograms.Add(histogram);
        await PushAsync(series);

        var received = Assert.Single((await _fixture.WaitForMetricAsync("rw_conf_histogram")).SelectMany(ts => ts.Histograms));
        Assert.True(histogram.Equals(received), $"sent {histogram}\nreceived {received}");
    }

    [Fact]
    public async Task Exemplar_Sent_WithItsSample()
    {
        var t = Now();
        var series = RemoteWriteWire.Series([("__name__", "rw_conf_exemplar")], (t, 7));
        var exemplar = new Wire.Exemplar { Value = 7, Timestamp = t };
        exemplar.Labels.Add(new Wire.Label { Name = "trace_id", Value = "abc123" });
        series.Exemplars.Add(exemplar);
        await PushAsync(series);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        List<Wire.Exemplar> received;
        do
        {
            await Task.Delay(100);
            received = _fixture.AcceptedSeries()
                .Where(ts => ts.Labels.Any(l => l.Value == "rw_conf_exemplar"))
                .SelectMany(ts => ts.Exemplars).ToList();
        }
        while (received.Count == 0 && DateTime.UtcNow < deadline);

        Assert.Equal(exemplar, Assert.Single(received));
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private Task PushAsync(params Wire.TimeSeries[] series) => _fixture.Agent.PushOkAsync(RemoteWriteWire.Encode(series));
}
