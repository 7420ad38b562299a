using Vigil.Common.Model;
using Vigil.Metrics.RemoteWrite;
using Vigil.Metrics.RemoteWrite.Prompb;

namespace Vigil.Metrics.Tests.RemoteWrite.Queue;

public sealed class QueueManagerTests
{
    private const long T0 = 1_700_000_000_000;

    [Fact]
    public async Task Append_ManySeriesOnFourShards_KeepsEachSeriesInOrder()
    {
        using var receiver = new FakeReceiver();
        await using var h = new QueueHarness(QueueHarness.Config(receiver.Url, shards: 4, batch: 7));
        StoreSeries(h.Queue, 20);

        for (var i = 0; i < 50; i++)
        {
            var batch = Enumerable.Range(0, 20).Select(s => new RefSample((ulong)s, T0 + i, i)).ToArray();
            Assert.True(h.Queue.Append(batch));
        }

        await receiver.WaitForAsync(r => r.AcceptedSamples.Count == 1000);
        Assert.Equal(4, h.Queue.CurrentShards);
        foreach (var series in receiver.AcceptedSamples.GroupBy(s => s.Labels))
        {
            Assert.Equal(Enumerable.Range(0, 50).Select(i => T0 + i), series.Select(s => s.Timestamp));
            Assert.Equal(Enumerable.Range(0, 50).Select(i => (double)i), series.Select(s => s.Value));
        }
    }

    [Fact]
    public async Task Append_FullBatches_SentWithoutWaitingForDeadline()
    {
        using var receiver = new FakeReceiver();
        await using var h = new QueueHarness(QueueHarness.Config(receiver.Url, batch: 5, deadlineMs: 600_000));
        StoreSeries(h.Queue, 1);

        h.Queue.Append(Samples(0, 10));

        await receiver.WaitForAsync(r => r.AcceptedSamples.Count == 10);
        Assert.All(receiver.Requests, r => Assert.Equal(5, r.Samples.Count));
    }

    [Fact]
    public async Task Append_PartialBatch_SentAfterDeadline()
    {
        using var receiver = new FakeReceiver();
        await using var h = new QueueHarness(QueueHarness.Config(receiver.Url, batch: 100, deadlineMs: 100));
        StoreSeries(h.Queue, 1);

        h.Queue.Append(Samples(0, 3));

        await receiver.WaitForAsync(r => r.AcceptedSamples.Count == 3);
        Assert.All(receiver.Requests, r => Assert.InRange(r.Samples.Count, 1, 3));
    }

    [Fact]
    public async Task Send_ServerErrors_RetriedUntilAccepted()
    {
        using var receiver = new FakeReceiver(i => new FakeReceiver.Reply(i < 2 ? 500 : 204));
        await using var h = new QueueHarness(QueueHarness.Config(receiver.Url, batch: 4, deadlineMs: 600_000));
        StoreSeries(h.Queue, 1);

        h.Queue.Append(Samples(0, 4));

        await receiver.WaitForAsync(r => r.AcceptedSamples.Count == 4);
        var requests = receiver.Requests;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal(requests[0].Body, r.Body));
        Assert.Equal("2", requests[2].Headers["Retry-Attempt"]);
        Assert.Equal(8, h.Metrics.SamplesRetried.Value);
        Assert.Equal(12, h.Metrics.SamplesTotal.Value);
        Assert.Equal(0, h.Metrics.SamplesFailed.Value);
        await WaitAsync(() => h.Queue.AcknowledgedSequence == h.Queue.LastEnqueuedSequence);
        Assert.Equal(T0 + 3, h.Queue.HighestAcknowledgedTimestamp);
    }

    [Fact]
    public async Task Send_ReceiverTimesOut_RetriedUntilAccepted()
    {
        using var receiver = new FakeReceiver(i => new FakeReceiver.Reply(204, Delay: i == 0 ? TimeSpan.FromSeconds(3) : TimeSpan.Zero));
        var config = QueueHarness.Config(receiver.Url, batch: 3, deadlineMs: 600_000);
        config.RemoteTimeout = new Vigil.Common.Yaml.PromDuration(TimeSpan.FromMilliseconds(300));
        await using var h = new QueueHarness(config);
        StoreSeries(h.Queue, 1);

        h.Queue.Append(Samples(0, 3));

        await receiver.WaitForAsync(r => r.Requests.Count >= 2);
        await WaitAsync(() => h.Queue.AcknowledgedSequence == h.Queue.LastEnqueuedSequence);
        Assert.Equal(3, h.Metrics.SamplesRetried.Value);
        Assert.Equal(receiver.Requests[0].Body, receiver.Requests[1].Body);
    }

    [Fact]
    public async Task Send_ReceiverDownForAWhile_EverySampleArrivesInOrder()
    {
        using var receiver = new FakeReceiver(i => new FakeReceiver.Reply(i < 6 ? 503 : 204));
        await using var h = new QueueHarness(QueueHarness.Config(receiver.Url, shards: 2, batch: 10, capacity: 1000));
        StoreSeries(h.Queue, 4);

        for (var i = 0; i < 100; i++)
        {
            h.Queue.Append(Enumerable.Range(0, 4).Select(s => new RefSample((ulong)s, T0 + i, i)).ToArray());
            Thread.Sleep(20);
        }

        await receiver.WaitForAsync(r => r.AcceptedSamples.Count == 400);
        Assert.True(h.Metrics.SamplesRetried.Value > 0);
        foreach (var series in receiver.AcceptedSamples.GroupBy(s => s.Labels))
        {
            Assert.Equal(Enumerable.Range(0, 100).Select(i => T0 + i), series.Select(s => s.Timestamp));
        }
    }

    [Fact]
    public async Task SendMetadataAsync_MoreThanOneRequest_SplitsByMetadataLimit()
    {
        using var receiver = new FakeReceiver();
        var config = QueueHarness.Config(receiver.Url);
        config.MetadataConfig.MaxSamplesPerSend = 2;
        await using var h = new QueueHarness(config);
        var metadata = Enumerable.Range(0, 3)
            .Select(i => new MetricMetadata(MetricType.Counter, "m" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), "help", ""))
            .ToList();

        await h.Queue.SendMetadataAsync(metadata, CancellationToken.None);

        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal(3, h.Metrics.MetadataTotal.Value);
        var decoded = new DecodedWriteRequest();
        using var raw = new PooledBuffer();
        Assert.True(SnappyBlock.TryDecompress(receiver.Requests[0].Body, raw, out _));
        Assert.True(PrompbDecoder.TryDecode(raw.WrittenSpan, decoded, out _));
        Assert.Equal(2, decoded.Metadata.Count);
        Assert.Equal(MetricType.Counter, decoded.Metadata[0].Type);
    }

    [Fact]
    public async Task Append_ShardFull_WaitsForRoomAndCountsEnqueueRetries()
    {
        using var receiver = new FakeReceiver(_ => new FakeReceiver.Reply(204, Delay: TimeSpan.FromMilliseconds(100)));
        await using var h = new QueueHarness(QueueHarness.Config(receiver.Url, batch: 2, capacity: 2));
        StoreSeries(h.Queue, 1);

        Assert.True(h.Queue.Append(Samples(0, 20)));

        Assert.True(h.Metrics.EnqueueRetries.Value > 0);
        await receiver.WaitForAsync(r => r.AcceptedSamples.Count == 20);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => T0 + i), receiver.AcceptedSamples.Select(s => s.Timestamp));
    }

    [Fact]
    public async Task Send_BadRequest_NeverRetriedAndCountedAsFailed()
    {
        using var receiver = new FakeReceiver(i => new FakeReceiver.Reply(i == 0 ? 400 : 204));
        await using var h = new QueueHarness(QueueHarness.Config(receiver.Url, batch: 4, deadlineMs: 600_000));
        StoreSeries(h.Queue, 1);

        h.Queue.Append(Samples(0, 4));
        await receiver.WaitForAsync(r => r.Requests.Count == 1);
        h.Queue.Append(Samples(4, 4));
        await receiver.WaitForAsync(r => r.AcceptedSamples.Count == 4);
        await Task.Delay(300);

        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal([T0 + 4, T0 + 5, T0 + 6, T0 + 7], receiver.AcceptedSamples.Select(s => s.Timestamp));
        Assert.Equal(4, h.Metrics.SamplesFailed.Value);
        Assert.Equal(0, h.Metrics.SamplesRetried.Value);

        // A batch given up on no longer holds the watermark back.
        await WaitAsync(() => h.Queue.AcknowledgedSequence == h.Queue.LastEnqueuedSequence);
    }

    [Fact]
    public async Task Send_TooManyRequestsWithRetryAfter_WaitsThatLong()
    {
        using var receiver = new FakeReceiver(i => new FakeReceiver.Reply(i == 0 ? 429 : 204, RetryAfter: i == 0 ? "1" : null));
        await using var h = new QueueHarness(QueueHarness.Config(receiver.Url, batch: 2, deadlineMs: 600_000));
        StoreSeries(h.Queue, 1);
        var started = DateTime.UtcNow;

        h.Queue.Append(Samples(0, 2));

        await receiver.WaitForAsync(r => r.AcceptedSamples.Count == 2);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(950), "Retry-After: 1 was not honoured");
        Assert.Equal(2, receiver.Requests.Count);
    }

    [Fact]
    public async Task StoreSeries_ExternalLabels_AddedWithoutOverridingSeriesLabels()
    {
        using var receiver = new FakeReceiver();
        var external = Labels.FromStrings("cluster", "eu", "job", "external");
        await using var h = new QueueHarness(QueueHarness.Config(receiver.Url, batch: 2), external);
        h.Queue.StoreSeries([new RefSeries(1, Labels.FromStrings("__name__", "up", "job", "node"))], 0);
        h.Queue.StoreSeries([new RefSeries(2, Labels.FromStrings("__name__", "up"))], 0);

        h.Queue.Append([new RefSample(1, T0, 1), new RefSample(2, T0, 2)]);

        await receiver.WaitForAsync(r => r.AcceptedSamples.Count == 2);
        var labels = receiver.AcceptedSamples.Select(s => s.Labels).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["{__name__=\"up\",cluster=\"eu\",job=\"external\"}", "{__name__=\"up\",cluster=\"eu\",job=\"node\"}"], labels);
    }

    [Fact]
    public async Task Append_DroppedOrUnknownSeries_CountedWithReason()
    {
        using var receiver = new FakeReceiver();
        var config = QueueHarness.Config(receiver.Url, batch: 1);
        config.WriteRelabelConfigs = [new Vigil.Metrics.Relabel.RelabelConfig { Action = "drop" }];
        await using var h = new QueueHarness(config, relabeler: new DropJob("secret"));
        h.Queue.StoreSeries([new RefSeries(1, Labels.FromStrings("__name__", "up", "job", "secret")), new RefSeries(2, Labels.FromStrings("__name__", "up"))], 0);

        h.Queue.Append([new RefSample(1, T0, 1), new RefSample(2, T0, 2), new RefSample(99, T0, 3)]);

        await receiver.WaitForAsync(r => r.AcceptedSamples.Count == 1);
        Assert.Equal(1, h.Metrics.SamplesDropped(DropReason.DroppedSeries).Value);
        Assert.Equal(1, h.Metrics.SamplesDropped(DropReason.UnintentionallyDroppedSeries).Value);
        Assert.Equal("{__name__=\"up\"}", Assert.Single(receiver.AcceptedSamples).Labels);
    }

    [Fact]
    public async Task WriteRelabelConfigs_AppliedByTheRelabelEngine()
    {
        using var receiver = new FakeReceiver();
        var config = QueueHarness.Config(receiver.Url, batch: 1);
        config.WriteRelabelConfigs =
        [
            new Vigil.Metrics.Relabel.RelabelConfig { SourceLabels = ["job"], Regex = "secret.*", Action = "drop" },
            new Vigil.Metrics.Relabel.RelabelConfig { SourceLabels = ["instance"], Regex = "([^:]+):.*", TargetLabel = "host" },
            new Vigil.Metrics.Relabel.RelabelConfig { Regex = "instance", Action = "labeldrop" },
        ];
        await using var h = new QueueHarness(config, relabeler: WriteRelabeler.For(config.WriteRelabelConfigs));
        h.Queue.StoreSeries(
        [
            new RefSeries(1, Labels.FromStrings("__name__", "up", "job", "secret-job", "instance", "a:9100")),
            new RefSeries(2, Labels.FromStrings("__name__", "up", "job", "node", "instance", "b:9100")),
        ],
            0);

        h.Queue.Append([new RefSample(1, T0, 1), new RefSample(2, T0, 2)]);

        await receiver.WaitForAsync(r => r.AcceptedSamples.Count == 1);
        Assert.Equal("{__name__=\"up\",host=\"b\",job=\"node\"}", Assert.Single(receiver.AcceptedSamples).Labels);
        Assert.Equal(1, h.Metrics.SamplesDropped(DropReason.DroppedSeries).Value);
    }

    [Fact]
    public async Task Send_SamplesOlderThanSampleAgeLimit_DroppedAsTooOld()
    {
        using var receiver = new FakeReceiver();
        var config = QueueHarness.Config(receiver.Url, batch: 2);
        config.QueueConfig.SampleAgeLimit = new Vigil.Common.Yaml.PromDuration(TimeSpan.FromMinutes(5));
        await using var h = new QueueHarness(config);
        StoreSeries(h.Queue, 1);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        h.Queue.Append([new RefSample(0, now - 3_600_000, 1), new RefSample(0, now, 2)]);

        await receiver.WaitForAsync(r => r.AcceptedSamples.Count == 1);
        Assert.Equal(now, Assert.Single(receiver.AcceptedSamples).Timestamp);
        Assert.Equal(1, h.Metrics.SamplesDropped(DropReason.TooOld).Value);
        await WaitAsync(() => h.Queue.AcknowledgedSequence == h.Queue.LastEnqueuedSequence);
        await WaitAsync(() => h.Metrics.SamplesPending.Value == 0);
    }

    [Fact]
    public async Task SeriesReset_OldSegments_ForgetsTheirSeries()
    {
        using var receiver = new FakeReceiver();
        await using var h = new QueueHarness(QueueHarness.Config(receiver.Url, batch: 1));
        h.Queue.StoreSeries([new RefSeries(1, Labels.FromStrings("__name__", "a"))], 1);
        h.Queue.StoreSeries([new RefSeries(2, Labels.FromStrings("__name__", "b"))], 2);
        h.Queue.UpdateSeriesSegment([new RefSeries(1, Labels.Empty)], 3);
        h.Queue.StoreSeries([new RefSeries(3, Labels.FromStrings("__name__", "c"))], 1);

        h.Queue.SeriesReset(3);
        h.Queue.Append([new RefSample(1, T0, 1), new RefSample(2, T0, 2), new RefSample(3, T0, 3)]);

        await receiver.WaitForAsync(r => r.AcceptedSamples.Count == 1);
        Assert.Equal("{__name__=\"a\"}", Assert.Single(receiver.AcceptedSamples).Labels);
        Assert.Equal(2, h.Metrics.SamplesDropped(DropReason.UnintentionallyDroppedSeries).Value);
    }

    [Fact]
    public async Task StopAsync_PendingSamples_FlushedBeforeReturning()
    {
        using var receiver = new FakeReceiver();
        var h = new QueueHarness(QueueHarness.Config(receiver.Url, batch: 100, deadlineMs: 600_000));
        StoreSeries(h.Queue, 3);
        h.Queue.Append(Enumerable.Range(0, 3).Select(s => new RefSample((ulong)s, T0, s)).ToArray());

        await h.Queue.StopAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, receiver.AcceptedSamples.Count);
        Assert.Equal(h.Queue.LastEnqueuedSequence, h.Queue.AcknowledgedSequence);
        Assert.False(h.Queue.Append([new RefSample(0, T0 + 1, 1)]));
        await h.DisposeAsync();
    }

    [Fact]
    public async Task StopAsync_ReceiverFailing_GivesUpAtFlushDeadlineAndKeepsWatermark()
    {
        using var receiver = new FakeReceiver(_ => new FakeReceiver.Reply(503));
        var h = new QueueHarness(QueueHarness.Config(receiver.Url, batch: 2, deadlineMs: 20));
        StoreSeries(h.Queue, 1);
        h.Queue.Append(Samples(0, 2));
        await receiver.WaitForAsync(r => r.Requests.Count >= 2);
        var started = DateTime.UtcNow;

        await h.Queue.StopAsync(TimeSpan.FromMilliseconds(300));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Equal(0, h.Queue.AcknowledgedSequence);
        Assert.Equal(2, h.Queue.LastEnqueuedSequence);
        await h.DisposeAsync();
    }

    [Fact]
    public async Task StopAsync_DuringReshardWithReceiverDown_ReturnsAtFlushDeadline()
    {
        using var receiver = new FakeReceiver(_ => new FakeReceiver.Reply(503));
        var config = QueueHarness.Config(receiver.Url, batch: 2, deadlineMs: 20);
        config.QueueConfig.MaxShards = 4;
        var h = new QueueHarness(config);
        StoreSeries(h.Queue, 1);
        h.Queue.Append(Samples(0, 2));
        await receiver.WaitForAsync(r => r.Requests.Count >= 1);
        var reshard = h.Queue.ReshardAsync(3);
        await Task.Delay(100);
        Assert.False(reshard.IsCompleted);

        await h.Queue.StopAsync(TimeSpan.FromMilliseconds(300)).WaitAsync(TimeSpan.FromSeconds(10));

        await reshard.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, h.Queue.AcknowledgedSequence);
        await h.DisposeAsync();
    }

    [Fact]
    public async Task Append_ExemplarsAndHistograms_SentWhenEnabled()
    {
        using var receiver = new FakeReceiver();
        var config = QueueHarness.Config(receiver.Url, batch: 2);
        config.SendNativeHistograms = true;
        await using var h = new QueueHarness(config);
        StoreSeries(h.Queue, 1);
        var histogram = new NativeHistogram { CountCase = OneofCase.Int, CountInt = 3, ZeroCountCase = OneofCase.Int, Timestamp = T0 };

        h.Queue.AppendExemplars([new RefExemplar(0, T0, 1.5, Labels.FromStrings("trace_id", "abc"))]);
        h.Queue.AppendHistograms([new RefHistogramSample(0, T0, histogram)]);

        await receiver.WaitForAsync(r => r.AcceptedSamples.Count == 2);
        Assert.Contains(receiver.AcceptedSamples, s => s.Timestamp == -2);
        Assert.Contains(receiver.AcceptedSamples, s => s.Timestamp == -1);
        Assert.Equal(1, h.Metrics.ExemplarsTotal.Value);
        Assert.Equal(1, h.Metrics.HistogramsTotal.Value);
    }

    [Fact]
    public async Task Metrics_AfterSends_ExposedWithRemoteNameAndUrlAndRemovedOnDispose()
    {
        using var receiver = new FakeReceiver();
        var h = new QueueHarness(QueueHarness.Config(receiver.Url, batch: 2, deadlineMs: 600_000), name: "primary");
        StoreSeries(h.Queue, 1);
        h.Queue.Append(Samples(0, 2));
        await receiver.WaitForAsync(r => r.AcceptedSamples.Count == 2);
        await WaitAsync(() => h.Metrics.SamplesPending.Value == 0);

        var text = await h.ExpositionAsync();

        var labels = $"remote_name=\"primary\",url=\"{receiver.Url}\"";
        Assert.Contains($"prometheus_remote_storage_samples_total{{{labels}}} 2", text, StringComparison.Ordinal);
        Assert.Contains($"prometheus_remote_storage_shards{{{labels}}} 1", text, StringComparison.Ordinal);
        Assert.Contains($"prometheus_remote_storage_samples_pending{{{labels}}} 0", text, StringComparison.Ordinal);
        Assert.Contains($"prometheus_remote_storage_queue_highest_sent_timestamp_seconds{{{labels}}} 1700000000.001", text, StringComparison.Ordinal);
        Assert.Contains($"prometheus_remote_storage_sent_batch_duration_seconds_count{{{labels}}} 1", text, StringComparison.Ordinal);
        Assert.Contains("prometheus_remote_storage_highest_timestamp_in_seconds 1700000000.001", text, StringComparison.Ordinal);

        await h.DisposeAsync();
        Assert.DoesNotContain("remote_name=\"primary\"", await h.ExpositionAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShouldReshard_NoRecentSend_RefusesToReshard()
    {
        using var receiver = new FakeReceiver();
        var config = QueueHarness.Config(receiver.Url);
        config.QueueConfig.MaxShards = 10;
        await using var h = new QueueHarness(config);

        Assert.False(h.Queue.ShouldReshard(h.Queue.CurrentShards));
        Assert.False(h.Queue.ShouldReshard(5));
    }

    [Fact]
    public async Task ReshardAsync_WhileAppending_LosesNothingAndKeepsOrder()
    {
        using var receiver = new FakeReceiver();
        var config = QueueHarness.Config(receiver.Url, batch: 5);
        config.QueueConfig.MaxShards = 8;
        await using var h = new QueueHarness(config);
        StoreSeries(h.Queue, 10);

        var appending = Task.Run(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                h.Queue.Append(Enumerable.Range(0, 10).Select(s => new RefSample((ulong)s, T0 + i, i)).ToArray());
            }
        });
        await h.Queue.ReshardAsync(4);
        await h.Queue.ReshardAsync(2);
        await appending;

        await receiver.WaitForAsync(r => r.AcceptedSamples.Count == 1000);
        Assert.Equal(2, h.Queue.CurrentShards);
        foreach (var series in receiver.AcceptedSamples.GroupBy(s => s.Labels))
        {
            Assert.Equal(Enumerable.Range(0, 100).Select(i => T0 + i), series.Select(s => s.Timestamp));
        }
    }

    internal static void StoreSeries(QueueManager queue, int count) =>
        queue.StoreSeries(
            Enumerable.Range(0, count).Select(i => new RefSeries((ulong)i, Labels.FromStrings("__name__", "m", "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToArray(),
            0);

    private static RefSample[] Samples(int from, int count) =>
        Enumerable.Range(from, count).Select(i => new RefSample(0, T0 + i, i)).ToArray();

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }

    private sealed class DropJob(string job) : IWriteRelabeler
    {
        public bool TryRelabel(Labels labels, out Labels result)
        {
            result = labels;
            return labels.Get("job") != job;
        }
    }
}
