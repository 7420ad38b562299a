using Vigil.Common.Model;

namespace Vigil.Metrics.RemoteWrite.Queue;

/// <summary>
/// What a queue knows of one series: its labels (null when write_relabel_configs dropped it), their encoded size with
/// the queue's external labels, and the last WAL segment that named it (series are forgotten once a checkpoint moves
/// past that segment). A value in the queue's series map: one entry per series, no object of its own.
/// </summary>
internal struct QueueSeries
{
    public Labels? Labels;
    public int LabelsSize;
    public int Segment;
}
