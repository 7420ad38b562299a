using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vigil.Wal;

/// <summary>How a <see cref="WalWriter"/> writes: segment size, compression, the file seam, metrics and logging.</summary>
public sealed record WalWriterOptions
{
    /// <summary>Must be a positive multiple of <see cref="WalFormat.PageSize"/>.</summary>
    public int SegmentSize { get; init; } = WalFormat.DefaultSegmentSize;

    /// <summary>Snappy-compress records when that saves bytes, as Prometheus agent mode and Grafana Agent do.</summary>
    public bool Compress { get; init; } = true;

    public ISegmentFileFactory Files { get; init; } = FileSegmentFileFactory.Instance;

    public WalMetrics? Metrics { get; init; }

    public ILogger Logger { get; init; } = NullLogger.Instance;
}
