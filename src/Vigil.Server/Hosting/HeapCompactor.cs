using System.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Vigil.Server.Hosting;

/// <summary>
/// Returns memory to the system after bursts (see <see cref="HeapCompactionPolicy"/>), the way Go's runtime
/// scavenger does for Prometheus: every <see cref="Period"/> it reads the collector's last figures, and when the policy
/// says so it runs one blocking, compacting collection of every generation (the large object heap included) that also
/// releases the emptied memory, then trims the C library's heap (<see cref="NativeHeap"/>). With an agent's heap of tens of megabytes that pause is tens of milliseconds, and the
/// policy's baselines keep it rare: a steady agent never triggers it.
/// </summary>
internal sealed partial class HeapCompactor : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    private const long FloorBytes = 16L << 20;

    private readonly HeapCompactionPolicy _policy = new(FloorBytes);
    private readonly Counter _compactions;
    private readonly ILogger<HeapCompactor> _logger;

    public HeapCompactor(AgentMetrics metrics, ILogger<HeapCompactor> logger)
    {
        _logger = logger;
        _compactions = metrics.Factory.CreateCounter(
            "vigil_heap_compactions_total",
            "Compacting garbage collections the agent asked for to return memory after a burst of allocations.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var last = GC.GetGCMemoryInfo(GCKind.Any);
            if (last.Index == 0)
            {
                continue;
            }

            var used = last.HeapSizeBytes - last.FragmentedBytes;
            if (!_policy.Due(used, last.TotalCommittedBytes))
            {
                continue;
            }

            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            NativeHeap.Trim();
            var after = GC.GetGCMemoryInfo(GCKind.Any);
            var usedAfter = after.HeapSizeBytes - after.FragmentedBytes;
            _policy.Compacted(usedAfter, after.TotalCommittedBytes);
            _compactions.Inc();
            LogCompacted(_logger, used >> 20, last.TotalCommittedBytes >> 20, usedAfter >> 20, after.TotalCommittedBytes >> 20, after.PauseDurations[0].TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Compacted the heap used_mb={UsedBefore} committed_mb={CommittedBefore} used_after_mb={UsedAfter} committed_after_mb={CommittedAfter} pause_ms={PauseMs}")]
    private static partial void LogCompacted(ILogger logger, long usedBefore, long committedBefore, long usedAfter, long committedAfter, double pauseMs);
}
