namespace Vigil.Wal.Records;

/// <summary>The first byte of every record (Prometheus tsdb/record Type).</summary>
public enum RecordType : byte
{
    Unknown = 255,
    Series = 1,
    Samples = 2,
    Tombstones = 3,
    Exemplars = 4,
    MmapMarkers = 5,
    Metadata = 6,
    HistogramSamples = 7,
    FloatHistogramSamples = 8,
}
