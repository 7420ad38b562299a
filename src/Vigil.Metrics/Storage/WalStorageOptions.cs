using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using Vigil.Wal;

namespace Vigil.Metrics.Storage;

/// <summary>Runtime options of one agent WAL storage.</summary>
internal sealed record WalStorageOptions
{
    /// <summary>Where the storage's self-metrics are registered; a private registry when null.</summary>
    public IMetricFactory? Metrics { get; init; }

    public ILogger Logger { get; init; } = NullLogger.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public int SegmentSize { get; init; } = WalFormat.DefaultSegmentSize;

    /// <summary>The file seam of the WAL writer (fault injection in tests).</summary>
    public ISegmentFileFactory Files { get; init; } = FileSegmentFileFactory.Instance;

    /// <summary>Lock stripes of the series map; a power of two.</summary>
    public int StripeSize { get; init; } = 1024;
}
